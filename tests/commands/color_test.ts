/**
 * Colour on (FORCE_COLOR=1, stdout and stderr terminals): every command of the tree, walked,
 * runs the human view of its documented examples against a local API whose tasks have
 * hostile names. The CLI's own marks arrive as real colour, no escape sequence is shown as
 * text, and the server's control characters are still neutralised.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { rootNode } from "../../src/cli/trees.ts";
import type { LocalServer } from "../../src/deps.ts";
import type { CommandNode, Node } from "../../src/kit/spec.ts";
import { startTestApi, type TestApi } from "../helpers/api.ts";
import { type CliResult, commandLine, runInProcess, tempHome } from "../helpers/cli.ts";
import { startReceiver } from "../helpers/receiver.ts";
import { trailingComment } from "../helpers/examples.ts";

// Sets the clipboard, rings, overwrites the line, reverses what follows: no CSI (`ESC [`) in
// it, so any `\e[` on the screen can only be the CLI's own colour shown as text.
const HOSTILE = "Evil\x1b]52;c;aGk=\x07\rfake\u202eecnahc";

/** Every command of the tree with its path, in the tree's order. */
function* commands(node: Node, path: string[] = []): Generator<[string[], CommandNode]> {
  if (node.kind === "command") return yield [path, node];
  for (const [name, child] of Object.entries(node.routes)) yield* commands(child, [...path, name]);
}

/** The words of a shell line, quotes removed (enough for the help's examples). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/**
 * The argv of each `torale …` in an example, for its human view: up to the first shell
 * operator (pipes, redirections, `&&`), without --json, --yaml and --jq.
 */
function exampleArgs(line: string): string[][] {
  const found: string[][] = [];
  // A trailing `# …` says how the example ends (tests/helpers/examples.ts); it is not an argument.
  const comment = trailingComment(line);
  const example = comment ? line.slice(0, line.lastIndexOf("#")).trimEnd() : line;
  for (
    const match of example.matchAll(/(?:^|[\s(])torale((?:\s+(?:"[^"]*"|'[^']*'|[^\s|&;<>()]+))*)/g)
  ) {
    const args: string[] = [];
    const given = words(match[1]);
    for (let i = 0; i < given.length; i++) {
      if (given[i] === "--json" || given[i] === "--yaml") continue;
      if (given[i] === "--jq") {
        i++;
        continue;
      }
      args.push(given[i]);
    }
    found.push(args);
  }
  return found;
}

let made = 0;

/** Creates a task through the API itself: the CLI would not take such a name. */
async function hostileTask(t: TestApi): Promise<string> {
  // Each name its own: export refuses two tasks of one name.
  const name = `${HOSTILE} ${++made}`;
  const response = await fetch(`${t.url}/api/v1/tasks/`, {
    method: "POST",
    headers: { Authorization: `Bearer ${t.key}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      name,
      search_query: `${HOSTILE} query`,
      condition_description: HOSTILE,
      schedule: "0 9 * * *",
      config: {},
    }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()).id;
}

/** What the CLI itself writes: colour (SGR) and, for a spinner, erasing its line. */
// deno-lint-ignore no-control-regex
const OURS = /\x1b\[[0-9;]*m|\r\x1b\[2K/g;
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
/** Escape sequences shown as text instead of sent to the terminal. */
const AS_TEXT = /\\e\[|\\x1b\[|\\u001b\[|\^\[\[/i;

/** Each mark the CLI draws, and the colour it must arrive in. */
const MARKS: [RegExp, string][] = [
  [/✓/g, "\x1b[32m"],
  [/✗/g, "\x1b[31m"],
  [/⚠/g, "\x1b[33m"],
  [/Warning:/g, "\x1b[33m"],
];

/** The failures of one run's stream; the marks found are counted in `seen`. */
function check(text: string, seen: Map<string, number>): string[] {
  const problems: string[] = [];
  if (AS_TEXT.test(text)) problems.push("an escape sequence shown as text");
  if (CONTROL.test(text.replace(OURS, ""))) problems.push("a raw control character");
  for (const [mark, colour] of MARKS) {
    for (const found of text.matchAll(mark)) {
      seen.set(found[0], (seen.get(found[0]) ?? 0) + 1);
      const before = text.slice(Math.max(0, found.index - colour.length), found.index);
      if (before !== colour) problems.push(`${found[0]} not in colour`);
    }
  }
  return problems;
}

Deno.test("with colour on, every command's human view shows real colour and no escape text", async (t) => {
  await using api = await startTestApi();
  await using receiver = await startReceiver();
  const files = await tempHome();
  const interrupts: (() => void)[] = [];
  // `webhook listen` on any free port: the help's 8765 or 9000 may be taken on this machine.
  const serve = async (
    options: { hostname: string; port: number },
    handler: (request: Request) => Promise<Response>,
  ): Promise<LocalServer> => {
    const { promise, resolve } = Promise.withResolvers<Deno.NetAddr>();
    const server = Deno.serve(
      { ...options, port: 0, onListen: (addr) => resolve(addr as Deno.NetAddr) },
      handler,
    );
    return { port: (await promise).port, shutdown: () => server.shutdown() };
  };
  const seen = new Map<string, number>();
  const ran = new Map<string, CliResult[]>();
  // Files an example names by a relative path (`--db ./torale.db`) land here, not in the clone.
  const before = Deno.cwd();
  Deno.chdir(files);
  try {
    for (const [path, node] of commands(await rootNode(undefined))) {
      const name = path.join(" ");
      const examples = new Set(
        node.help.examples.flatMap(exampleArgs).map((a) => JSON.stringify(a)),
      );
      for (const example of examples) {
        const [first, second] = [await hostileTask(api), await hostileTask(api)];
        const args = (JSON.parse(example) as string[]).map((word) =>
          word
            .replace(/^3f2c…?$/, first).replace(/^9a1b$/, second).replaceAll("$ID", first)
            .replace(/\$\w+|…/g, "x")
            // Nothing leaves this machine: webhooks go to a local receiver, or to a closed port.
            .replace(/^https:\/\/example\.com\/.*/, receiver.url)
            .replace("http://127.0.0.1:8765/", "http://127.0.0.1:9/")
            .replace("http://localhost:8000", api.url)
            .replace(/^[\w.-]+\.(yaml|json)$/, (file) => join(files, file))
        );
        // A local API the example starts listens on a free port, not the docs' 8000 or 8001.
        if (args[0] === "local-api" && args[1] !== "create-key") {
          const at = args.indexOf("--port");
          if (at >= 0) args.splice(at, 2);
          args.push("--port", "0");
        }
        await t.step(commandLine(args), async () => {
          // A follow, a wait or a listener ends with Ctrl-C, pressed soon after it starts.
          const press = setInterval(() => interrupts.splice(0).forEach((stop) => stop()), 300);
          // Not runWithKey: `auth token` prints the key on stdout, as asked; stderr is checked below.
          const result = await runInProcess(args, {
            home: await tempHome(),
            env: { FORCE_COLOR: "1", TORALE_API_KEY: api.key, TORALE_API_URL: api.url },
            stdoutIsTerminal: true,
            stderrIsTerminal: true,
            columns: 120,
            realSleep: true,
            interrupts,
            serve,
          }).finally(() => clearInterval(press));
          ran.set(name, [...ran.get(name) ?? [], result]);
          assert.doesNotMatch(result.stderr, /Unexpected failure/);
          assert(!result.stderr.includes(api.key), "the API key on stderr");
          for (const [stream, text] of [["stdout", result.stdout], ["stderr", result.stderr]]) {
            const problems = check(text, seen);
            assert.deepEqual(problems, [], `${stream}:\n${JSON.stringify(text)}`);
          }
        });
      }
      assert(ran.has(name), `no example of "${name}" ran`);
    }
  } finally {
    Deno.chdir(before);
  }
  // The walk saw the CLI's own marks, and the server's hostile names made it to the screen.
  assert(seen.get("✓")! > 10 && seen.get("✗")! > 0 && seen.get("Warning:")! > 0, [...seen].join());
  const shown = [...ran.values()].flat().map((r) => r.stdout + r.stderr).join("");
  assert(shown.includes("Evil\\e]52;c;aGk=\\x07\\rfake\\u202eecnahc"), "no hostile name shown");
  assert(
    ran.get("webhook set")!.some((r) => r.stderr.startsWith("\x1b[32m✓\x1b[39m Webhook set")),
  );
  assert(ran.get("export")!.some((r) => r.stderr.includes("\x1b[32m✓\x1b[39m Wrote ")));
  assert(ran.get("webhook listen")!.some((r) => r.code === 130), "webhook listen never listened");
});
