/**
 * `deno task demo`: a short, real session of the CLI against the local API.
 * Starts the API on a free port with an embedded database and canned search
 * results, mints a key, runs each command as a user would (printing it first),
 * then stops the server. Exits non-zero if any step fails.
 */
import { join } from "node:path";
import { parseResults } from "../local_api/executor.ts";
import { startLocalApi } from "../local_api/server.ts";
import { cliPermissionFlags } from "./permissions.ts";
import { cleanEnv } from "./clean_env.ts";
import { mcpStep } from "./demo_mcp.ts";

const ROOT = join(import.meta.dirname!, "..");
const MAIN = join(ROOT, "main.ts");
const bold = (s: string) =>
  Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR") ? `\x1b[1m${s}\x1b[22m` : s;

const work = await Deno.makeTempDir({ prefix: "torale-demo-" });
const home = join(work, "home");
await Deno.mkdir(home);
const results = parseResults(
  JSON.parse(await Deno.readTextFile(join(ROOT, "scripts", "demo_results.json"))),
);
const api = await startLocalApi({
  // The demo's steps (schedules, notify behaviour) are the classic API's.
  // What the real service runs today; `deno task local-api --generation classic` has the other.
  generation: "current",
  port: 0,
  db: join(work, "torale.db"),
  results,
  workerDelayMs: 150,
  // The notification loop below delivers to the account's webhook, a convenience of the local
  // API (`torale local-api --deliver-to-account-webhook`): the real service sends such a task's
  // results nowhere but email.
  deliverToAccountWebhook: true,
});
const key = await api.createKey("user@example.com", "Demo key");

console.log(`Local Torale API on ${api.url}; HOME=${home}\n`);

/** Runs one CLI command, echoing it first; returns stdout. Throws when it fails. */
async function torale(
  args: string[],
  options: { shown?: string; stdin?: string; capture?: boolean } = {},
): Promise<string> {
  console.log(bold(`$ ${options.shown ?? ["torale", ...args.map(quote)].join(" ")}`));
  const child = new Deno.Command(Deno.execPath(), {
    ...await cli(args),
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: options.capture ? "piped" : "inherit",
    // Captured together, so that they show in the order a terminal would show them.
    stderr: options.capture ? "piped" : "inherit",
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  let text = "";
  let code: number;
  if (options.capture) {
    const output = await child.output();
    code = output.code;
    text = new TextDecoder().decode(output.stdout);
    Deno.stdout.writeSync(output.stdout);
    Deno.stderr.writeSync(output.stderr);
  } else {
    code = (await child.status).code;
  }
  console.log();
  if (code !== 0) throw new Error(`step failed with exit code ${code}: torale ${args.join(" ")}`);
  return text;
}

/** The argv and env of the CLI as a child process, as a user's shell would run it. */
async function cli(args: string[]): Promise<Deno.CommandOptions> {
  return {
    // -q: on a first run Deno's download lines and progress bars would draw over the demo's.
    args: ["run", "-q", ...cliPermissionFlags(), MAIN, ...args],
    clearEnv: true,
    env: await cleanEnv({
      HOME: home,
      TORALE_API_URL: api.url,
      ...(Deno.env.get("NO_COLOR") ? { NO_COLOR: "1" } : {}),
    }),
  };
}

/**
 * The notification loop: a receiver (what a second terminal would run), the account's webhook
 * pointed at it, a run that meets the condition, `task wait --run` for it, then what was
 * delivered and sent.
 */
async function notifications(task: string): Promise<void> {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const url = `http://127.0.0.1:${port}/`;
  // The account's webhook gets its secret when a URL is first set; listen then verifies with it.
  await torale(["webhook", "set", "--url", url]);
  console.log(bold(`$ torale webhook listen --port ${port} &   # in a second terminal`));
  const listener = new Deno.Command(Deno.execPath(), {
    ...await cli(["webhook", "listen", "--port", String(port)]),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const received = listener.output();
  try {
    await waitForPort(port);
    console.log();
    const started = await torale(["task", "execute", task], { capture: true });
    const run = /^Execution ID: (\S+)$/m.exec(started)?.[1];
    if (!run) throw new Error("task execute printed no Execution ID");
    // The run it started, by id: a run that ends before the wait begins is still the one.
    await torale(["task", "wait", task, "--run", run, "--timeout", "1m"]);
    await torale(["webhook", "deliveries", "--task", task]);
    await torale(["notifications", "list"]);
  } finally {
    listener.kill("SIGINT");
    const { stdout, stderr } = await received;
    console.log(bold("# the second terminal, after Ctrl-C:"));
    Deno.stdout.writeSync(stderr);
    Deno.stdout.writeSync(stdout);
    console.log();
  }
}

/** Monitors as code: export the account, edit the file, plan, apply, plan again (no changes). */
async function monitorsAsCode(): Promise<void> {
  const file = join(work, "torale.yaml");
  await torale(["export", "--file", file], { shown: "torale export --file torale.yaml" });
  const text = await Deno.readTextFile(file);
  const edited =
    text.replace("condition: A date has been announced", "condition: Apple named the day") +
    "  Deno 3 release:\n    query: When will Deno 3 be released?\n    condition: A release date is public\n";
  if (edited === text) throw new Error("the exported file did not have the expected condition");
  await Deno.writeTextFile(file, edited);
  console.log(bold("$ $EDITOR torale.yaml   # one condition changed, a Deno 3 task added"));
  console.log();
  await torale(["plan", "-f", file], { shown: "torale plan -f torale.yaml" });
  await torale(["apply", "-f", file, "--yes"], { shown: "torale apply -f torale.yaml --yes" });
  await torale(["plan", "-f", file, "--detailed-exitcode"], {
    shown: "torale plan -f torale.yaml --detailed-exitcode",
  });
}

/** Resolves once something accepts connections on `port` (the listener's start-up). */
async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`torale webhook listen did not start on port ${port}`);
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, "\\$1")}"`;
}

let failed = false;
try {
  await torale(["auth", "set-api-key"], {
    shown: 'echo "$TORALE_KEY" | torale auth set-api-key',
    stdin: key + "\n",
  });
  await torale(["auth", "status"]);
  await torale(["auth", "whoami"]);
  await torale([
    "task",
    "create",
    "-q",
    "When is the next iPhone launch event?",
    "-c",
    "A date has been announced",
    "-n",
    "iPhone event",
  ]);
  await torale([
    "task",
    "create",
    "-q",
    "Rust 2.0 release date",
    "-c",
    "A release date is public",
    "--paused",
  ]);
  await torale(["task", "list"]);
  const tasks = JSON.parse(await torale(["task", "list", "--active", "--json"], { capture: true }));
  const short = tasks[0].id.slice(0, 8);
  await torale(["task", "execute", short, "--wait"]);
  await torale(["task", "logs", short]);
  await torale(["task", "share", short]);
  await torale(["task", "get", short]);
  await torale(["task", "fork", short, "-n", "My copy of the iPhone event"]);
  await torale(["task", "feed"]);
  await notifications(short);
  await monitorsAsCode();
  await torale(["task", "list"]);
  const { args, env } = await cli([]);
  await mcpStep({ args: args!, env: env! }, bold);
  await torale(["auth", "logout"]);
  console.log("Demo finished: every step succeeded.");
} catch (error) {
  failed = true;
  console.error(`Demo failed: ${(error as Error).message}`);
} finally {
  await api.close();
  await Deno.remove(work, { recursive: true }).catch(() => {});
}
if (failed) Deno.exit(1);
