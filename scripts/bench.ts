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
import { keyStore } from "./bench/key_store.ts";
import { compare, fmt, hasTime, RUNS } from "./bench/measure.ts";

const ROOT = join(import.meta.dirname!, "..");
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
