/**
 * `deno task fault-check`: replays the hostile-answer matrix
 * (scripts/fault/cases.ts) against the real CLI, each case a subprocess
 * with the least permissions and a key in TORALE_API_KEY, and prints one
 * line per case and a final count. Exits 1 when any case fails.
 */
import { join } from "node:path";
import { cleanEnv } from "./clean_env.ts";
import { faultCases } from "./fault/cases.ts";
import { longCases } from "./fault/long_cases.ts";
import { checkHostileListener } from "./fault/listener.ts";
import { startHostileServer } from "./fault/server.ts";
import { cliPermissionFlags } from "./permissions.ts";

const ROOT = join(import.meta.dirname!, "..");
const ENTRY = Deno.env.get("TORALE_ENTRY") ?? join(ROOT, "main.ts");
const KEY = "sk_" + "F".repeat(43);

const other = startHostileServer(() => async (conn) => {
  const body = '{"detail":"Not authenticated"}';
  await conn.write(new TextEncoder().encode(
    `HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
  ));
});
const cases = [...faultCases(other.url), ...longCases()];
const server = startHostileServer((request) => {
  const [, index, ...rest] = request.path.split("/");
  return cases[Number(index)].answer(`/${rest.join("/")}`, request);
});
const home = await Deno.makeTempDir({ prefix: "torale-fault-" });

/** Why a case failed, or undefined when it passed. */
async function check(index: number): Promise<string | undefined> {
  const c = cases[index];
  const started = performance.now();
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...cliPermissionFlags(), ENTRY, ...c.args, ...c.flags ?? []],
    clearEnv: true,
    env: await cleanEnv({
      HOME: home,
      NO_COLOR: "1",
      TORALE_API_KEY: KEY,
      TORALE_API_URL: `${server.url}/${index}`,
    }),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const ms = performance.now() - started;
  const stdout = new TextDecoder().decode(output.stdout);
  const stderr = new TextDecoder().decode(output.stderr);
  const shown = c.code === 0 ? stdout : stderr;
  if (stdout.includes(KEY) || stderr.includes(KEY)) return "the key was printed";
  if (/This is a bug in torale/.test(stderr)) return `crashed: ${stderr.split("\n")[0]}`;
  if (output.code !== c.code) return `exit ${output.code}, expected ${c.code}: ${stderr.trim()}`;
  if (!c.expect.test(shown)) {
    return `output did not match ${c.expect}: ${shown.trim().slice(0, 300)}`;
  }
  if (ms > (c.withinMs ?? 8_000)) return `took ${Math.round(ms)} ms`;
  return undefined;
}

let failed = 0;
try {
  for (let i = 0; i < cases.length; i++) {
    const problem = await check(i);
    if (problem) failed++;
    console.log(`${problem ? "FAIL" : "ok  "} ${cases[i].name}${problem ? `: ${problem}` : ""}`);
  }
  const listener = await checkHostileListener(ENTRY, home);
  if (listener) failed++;
  console.log(
    `${
      listener ? "FAIL" : "ok  "
    } webhook listen: idle connections and a trickling body, then Ctrl-C${
      listener ? `: ${listener}` : ""
    }`,
  );
  const leaked = other.seen.filter((request) => request.headers.has("authorization"));
  const leakLine = leaked.length === 0
    ? "ok   no request to another origin carried the key"
    : `FAIL ${leaked.length} request(s) to another origin carried the key`;
  if (leaked.length > 0) failed++;
  console.log(leakLine);
  console.log(`fault-check: ${cases.length + 2 - failed} passed, ${failed} failed`);
} finally {
  await server.close();
  await other.close();
  await Deno.remove(home, { recursive: true }).catch(() => {});
}
if (failed > 0) Deno.exit(1);
