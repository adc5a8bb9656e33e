/**
 * `deno task bench`: start-up and task-list scale, each measured against a
 * baseline in the same run (medians of repeated cold runs, wall clock).
 *
 *   start-up: `torale --version`, `--help`, `auth status` (no key), `config`
 *             against an empty Deno script (budget 1.5×), run from the release
 *             bundle (dist/torale.js, rebuilt first: what the binaries embed)
 *             and, for comparison, from main.ts
 *   scale:    `task list` (table and --json, from the bundle) of 1,000, 5,000
 *             and 10,000 tasks against a bare script that fetches the same
 *             JSON and prints it (budget 1.5×), with peak memory from
 *             /usr/bin/time when it exists
 *   key store: `torale auth token` with the key in the config file and with
 *             it in a real Secret Service (a private gnome-keyring, when this
 *             machine has one): the extra start-up cost of reading the store
 */
import { join } from "node:path";
import { cliPermissionFlags } from "./permissions.ts";
import { denoDir } from "./deno_dir.ts";
import { build, BUNDLE } from "./build.ts";
import { secretServiceAvailable, startSecretService } from "./secret_service.ts";

const ROOT = join(import.meta.dirname!, "..");
const RUNS = Number(Deno.env.get("BENCH_RUNS") ?? "15");
const hasTime = await Deno.stat("/usr/bin/time").then(() => true, () => false);

interface Sample {
  ms: number;
  maxRssKb?: number;
}

async function once(args: string[], env: Record<string, string>): Promise<Sample> {
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median time and peak memory over RUNS runs, interleaved with the baseline. */
async function compare(
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

function fmt(n: number, digits = 1) {
  return n.toFixed(digits);
}

/** The commands the start-up budget names, plus `config`. */
const STARTUP_COMMANDS = [
  { name: "torale --version", args: ["--version"] },
  { name: "torale --help", args: ["--help"] },
  { name: "torale auth status (no key)", args: ["auth", "status"] },
  { name: "torale config", args: ["config"] },
];

async function startup(bundle: string) {
  const home = await Deno.makeTempDir({ prefix: "torale-bench-" });
  const perms = cliPermissionFlags();
  const main = join(ROOT, "main.ts");
  const env = { HOME: home, PATH: Deno.env.get("PATH") ?? "", NO_COLOR: "1" };
  Object.assign(env, { DENO_DIR: await denoDir() });
  const { base, rows } = await compare(
    [
      // Names are keys of the samples: each entry point gets its own.
      ...STARTUP_COMMANDS.map((c) => ({
        name: `${c.name} [bundle]`,
        args: ["run", ...perms, bundle, ...c.args],
      })),
      ...STARTUP_COMMANDS.map((c) => ({
        name: `${c.name} [source]`,
        args: ["run", ...perms, main, ...c.args],
      })),
    ],
    ["run", join(ROOT, "scripts", "bench", "empty.ts")],
    env,
  );
  console.log(`\nStart-up (median of ${RUNS} cold runs; budget 1.5× the empty script)`);
  console.log(
    "The budget applies to the release bundle, the module the binaries embed; main.ts from source is shown for comparison.",
  );
  console.log(
    `| command | bundle ms | × empty script | within budget | from source ms | × empty script |`,
  );
  console.log(`|---|---|---|---|---|---|`);
  console.log(`| empty Deno script | ${fmt(base)} | 1.00 | - | ${fmt(base)} | 1.00 |`);
  let ok = true;
  for (let i = 0; i < STARTUP_COMMANDS.length; i++) {
    const built = rows[i];
    const source = rows[i + STARTUP_COMMANDS.length];
    const within = built.ratio <= 1.5;
    ok &&= within;
    console.log(
      `| ${STARTUP_COMMANDS[i].name} | ${fmt(built.ms)} | ${fmt(built.ratio, 2)} | ${
        within ? "yes" : "NO"
      } | ${fmt(source.ms)} | ${fmt(source.ratio, 2)} |`,
    );
  }
  return ok;
}

function fakeTasks(count: number) {
  const now = new Date("2026-01-01T00:00:00Z").getTime();
  return Array.from({ length: count }, (_, i) => ({
    name: `Task ${i} — watch for the release of 産品 ${i} 🚀`,
    schedule: "0 9 * * *",
    executor_type: "llm_grounded_search",
    config: { model: "gemini-2.0-flash-exp" },
    state: i % 3 === 0 ? "paused" : "active",
    search_query: `When is product ${i} released?`,
    condition_description: "A release date has been announced",
    notify_behavior: "once",
    notifications: [],
    id: crypto.randomUUID(),
    user_id: "00000000-0000-0000-0000-000000000001",
    created_at: new Date(now - i * 60_000).toISOString(),
    updated_at: null,
    state_changed_at: new Date(now - i * 60_000).toISOString(),
    condition_met: i % 7 === 0,
    last_known_state: null,
    last_notified_at: null,
    last_execution_id: null,
    last_execution: null,
  }));
}

async function scale(bundle: string) {
  const SIZES = [1_000, 5_000, 10_000];
  const bodies = new Map(SIZES.map((n) => [n, JSON.stringify(fakeTasks(n))]));
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const n = Number(/^\/n(\d+)\//.exec(new URL(request.url).pathname)?.[1] ?? "1000");
    return new Response(bodies.get(n), { headers: { "content-type": "application/json" } });
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  const home = await Deno.makeTempDir({ prefix: "torale-bench-" });
  const perms = cliPermissionFlags();
  const bare = join(ROOT, "scripts", "bench", "bare_list.ts");
  const results: {
    n: number;
    base: number;
    baseRss: number;
    rows: { name: string; ms: number; ratio: number; rssMb: number }[];
  }[] = [];
  for (const n of SIZES) {
    // A base path prefix (which the client keeps) tells the server how many tasks to send.
    const apiUrl = `${url}/n${n}`;
    const env = {
      HOME: home,
      PATH: Deno.env.get("PATH") ?? "",
      NO_COLOR: "1",
      TORALE_NOAUTH: "1",
      TORALE_API_URL: apiUrl,
    };
    Object.assign(env, { DENO_DIR: await denoDir() });
    const result = await compare(
      [
        { name: `task list (table) ${n}`, args: ["run", ...perms, bundle, "task", "list"] },
        {
          name: `task list --json ${n}`,
          args: ["run", ...perms, bundle, "task", "list", "--json"],
        },
      ],
      ["run", "--allow-net=127.0.0.1", bare, `${apiUrl}/api/v1/tasks/`],
      env,
    );
    results.push({ n, ...result });
  }
  await server.shutdown();
  console.log(
    `\nTask list scale (median of ${RUNS} runs; budget 1.5× a bare fetch + JSON.stringify script)`,
  );
  console.log(`| case | ms | × bare script | peak MB | bare ms | bare peak MB | within budget |`);
  console.log(`|---|---|---|---|---|---|---|`);
  let ok = true;
  for (const { base, baseRss, rows } of results) {
    for (const row of rows) {
      const within = row.ratio <= 1.5;
      ok &&= within;
      console.log(
        `| ${row.name} | ${fmt(row.ms)} | ${fmt(row.ratio, 2)} | ${
          hasTime ? fmt(row.rssMb) : "n/a"
        } | ${fmt(base)} | ${hasTime ? fmt(baseRss / 1024) : "n/a"} | ${within ? "yes" : "NO"} |`,
      );
    }
  }
  // Linear growth: the 5,000-task point should sit on the line through 1,000 and 10,000.
  const [small, middle, large] = results;
  for (let i = 0; i < small.rows.length; i++) {
    const name = small.rows[i].name.replace(/ \d+$/, "");
    for (
      const [what, pick] of [["time", (r: { ms: number }) => r.ms], [
        "peak memory",
        (r: { rssMb: number }) => r.rssMb,
      ]] as const
    ) {
      const a = pick(small.rows[i] as never);
      const b = pick(large.rows[i] as never);
      const predicted = a + (b - a) * (5_000 - 1_000) / (10_000 - 1_000);
      const measured = pick(middle.rows[i] as never);
      const perTask = (b - a) / 9_000;
      console.log(
        `${name}: ${what} at 5,000 tasks ${fmt(measured)} vs ${
          fmt(predicted)
        } on the 1k-10k line (${fmt(100 * (measured - predicted) / predicted, 0)}%), ${
          what === "time" ? `${fmt(perTask * 1000, 1)} µs` : `${fmt(perTask * 1024, 1)} KB`
        } per task`,
      );
    }
  }
  return ok;
}

/** `auth token` with the key in the file against the same with it in the Secret Service. */
async function keyStore(bundle: string) {
  console.log(`\nReading the key from the OS credential store (median of ${RUNS} runs)`);
  if (!secretServiceAvailable()) {
    console.log("skipped: no dbus-daemon and gnome-keyring-daemon on this machine");
    return;
  }
  const key = "sk_" + "b".repeat(43);
  const home = await Deno.makeTempDir({ prefix: "torale-bench-" });
  await using service = await startSecretService(home);
  const env = {
    HOME: home,
    PATH: Deno.env.get("PATH") ?? "",
    NO_COLOR: "1",
    DENO_DIR: await denoDir(),
    DBUS_SESSION_BUS_ADDRESS: service.address,
  };
  const run = (
    args: string[],
  ) => ["run", ...cliPermissionFlags(), bundle, ...args];
  // One HOME, two profiles: "file" keeps its key in config.json, "store" in the Secret Service.
  for (const [profile, flags] of [["file", ["--insecure-storage"]], ["store", []]] as const) {
    const saved = await new Deno.Command(Deno.execPath(), {
      args: run([
        "auth",
        "set-api-key",
        "--no-verify",
        "--key",
        key,
        "--profile",
        profile,
        ...flags,
      ]),
      env,
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!saved.success) throw new Error(new TextDecoder().decode(saved.stderr));
  }
  const { base: empty, rows } = await compare(
    [
      { name: "auth token, key in the file", args: run(["auth", "token", "--profile", "file"]) },
      {
        name: "auth token, key in the Secret Service",
        args: run(["auth", "token", "--profile", "store"]),
      },
    ],
    ["run", join(ROOT, "scripts", "bench", "empty.ts")],
    env,
  );
  console.log(`| case | ms | × empty script |`);
  console.log(`|---|---|---|`);
  console.log(`| empty Deno script | ${fmt(empty)} | 1.00 |`);
  for (const row of rows) console.log(`| ${row.name} | ${fmt(row.ms)} | ${fmt(row.ratio, 2)} |`);
  console.log(`extra cost of the store: ${fmt(rows[1].ms - rows[0].ms)} ms`);
}

// The bundle `deno task build` writes, rebuilt so it matches the source.
if (await build(BUNDLE) !== 0) Deno.exit(1);
const startupOk = await startup(BUNDLE);
const scaleOk = await scale(BUNDLE);
await keyStore(BUNDLE);
console.log(
  `\nresult: start-up ${startupOk ? "within" : "OVER"} budget, scale ${
    scaleOk ? "within" : "OVER"
  } budget`,
);
