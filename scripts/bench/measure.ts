/** Timing for `deno task bench`: cold runs of a command, their median, and a baseline beside. */

/** Runs per case (BENCH_RUNS, default 15). */
export const RUNS = Number(Deno.env.get("BENCH_RUNS") ?? "15");
/** Whether /usr/bin/time can measure peak memory here. */
export const hasTime = await Deno.stat("/usr/bin/time").then(() => true, () => false);

/** One run's measures. */
export interface Sample {
  ms: number;
  maxRssKb?: number;
}

/** One cold run: wall time, and peak memory when /usr/bin/time exists. */
export async function once(args: string[], env: Record<string, string>): Promise<Sample> {
  const deno = Deno.execPath();
  const command = hasTime
    ? new Deno.Command("/usr/bin/time", {
      args: ["-f", "%M", deno, ...args],
      env,
      stdout: "null",
      stderr: "piped",
    })
    : new Deno.Command(deno, { args, env, stdout: "null", stderr: "piped" });
  const started = performance.now();
  const output = await command.output();
  const ms = performance.now() - started;
  const stderr = new TextDecoder().decode(output.stderr).trim().split("\n");
  const rss = hasTime ? Number(stderr[stderr.length - 1]) : undefined;
  return { ms, maxRssKb: Number.isFinite(rss) ? rss : undefined };
}

/** The middle value. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median time and peak memory over RUNS runs, interleaved with the baseline. */
export async function compare(
  cases: { name: string; args: string[] }[],
  baseline: string[],
  env: Record<string, string>,
) {
  const samples = new Map<string, Sample[]>([["baseline", []]]);
  for (const c of cases) samples.set(c.name, []);
  for (let i = 0; i < 2; i++) await once(baseline, env); // warm the module cache
  for (const c of cases) await once(c.args, env);
  for (let run = 0; run < RUNS; run++) {
    samples.get("baseline")!.push(await once(baseline, env));
    for (const c of cases) samples.get(c.name)!.push(await once(c.args, env));
  }
  const base = median(samples.get("baseline")!.map((s) => s.ms));
  return {
    base,
    baseRss: median(samples.get("baseline")!.map((s) => s.maxRssKb ?? 0)),
    rows: cases.map((c) => {
      const ms = median(samples.get(c.name)!.map((s) => s.ms));
      const rss = median(samples.get(c.name)!.map((s) => s.maxRssKb ?? 0));
      return { name: c.name, ms, ratio: ms / base, rssMb: rss / 1024 };
    }),
  };
}

/** A number with `digits` decimals. */
export function fmt(n: number, digits = 1) {
  return n.toFixed(digits);
}
