/**
 * Text from the server never drives the terminal: control characters and
 * bidi overrides in names, answers, sources and error details are shown as
 * visible escapes, key-shaped strings are masked, and --json stays exact.
 */
import assert from "node:assert/strict";
import { runNoAuth } from "../helpers/cli.ts";
import { json, stubFetch } from "../helpers/fetch_stub.ts";

const ID = "abcd1111-0000-4000-8000-000000000000";
// Sets the clipboard, clears the screen, overwrites the line, reverses what follows.
const HOSTILE = "Evil\x1b]52;c;aGk=\x07\x1b[2J\rfake\u202eecnahc";
const SHOWN = "Evil\\e]52;c;aGk=\\x07\\e[2J\\rfake\\u202eecnahc";
const KEY = "sk_" + "k".repeat(43);

const task = {
  id: ID,
  name: HOSTILE,
  state: "active",
  search_query: HOSTILE,
  condition_description: "c",
  schedule: "0 9 * * *",
  created_at: "2026-01-01T00:00:00Z",
};
const run = {
  id: "e",
  task_id: ID,
  status: "success",
  result: { answer: `${HOSTILE} and your key ${KEY}` },
  grounding_sources: [{ url: "https://example.com/\x1b[31m", title: HOSTILE }],
  started_at: "2026-01-01T00:00:00Z",
};

/** Nothing the terminal would act on: no ESC, BEL, CR or bidi control, and no full key. */
function assertInert(text: string) {
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(text, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
  assert(!text.includes(KEY), "a key-shaped string was printed in full");
}

Deno.test("control and bidi characters from the server are shown as escapes in every view", async (t) => {
  const views: [string, string[], unknown][] = [
    ["task list", ["task", "list"], [task]],
    ["task list on a terminal", ["task", "list"], [task]],
    ["task get", ["task", "get", ID], task],
    ["task logs", ["task", "logs", ID], [run]],
  ];
  for (const [name, args, body] of views) {
    await t.step(name, async () => {
      const result = await runNoAuth(args, {
        fetch: () => Promise.resolve(json(200, body)),
        stdoutIsTerminal: name.endsWith("terminal"),
        columns: 200,
        // Our own colours are escape sequences too; this is about the server's.
        env: { NO_COLOR: "1" },
      });
      assert.equal(result.code, 0, result.stderr);
      assertInert(result.stdout);
      assert(result.stdout.includes(name === "task logs" ? "Evil\\e]52" : SHOWN), result.stdout);
    });
  }
});

Deno.test("an error detail from the server cannot drive the terminal either", async () => {
  const result = await runNoAuth(["task", "get", ID], {
    fetch: () => Promise.resolve(json(400, { detail: HOSTILE })),
  });
  assert.equal(result.code, 1);
  assertInert(result.stderr);
  assert.equal(result.stderr, `Error: ${SHOWN}\n`);
});

Deno.test("a key-shaped string in a successful answer is masked in human output", async () => {
  const result = await runNoAuth(["task", "logs", ID], {
    fetch: () => Promise.resolve(json(200, [run])),
  });
  assert.match(result.stdout, /and your key sk_\.\.\.kkkkk$/m);
  assertInert(result.stdout);
});

Deno.test("--json and --yaml keep the server's text exact (escaped by the format)", async () => {
  const stub = stubFetch([
    { method: "GET", path: `/api/v1/tasks/${ID}`, respond: () => json(200, task) },
    { method: "GET", path: `/api/v1/tasks/${ID}`, respond: () => json(200, task) },
  ]);
  const asJson = await runNoAuth(["task", "get", ID, "--json"], { fetch: stub.fetch });
  assert.equal(JSON.parse(asJson.stdout).name, HOSTILE);
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(asJson.stdout, /[\x00-\x09\x0b-\x1f\u202e]/);
  assert.match(asJson.stdout, /fake\\u202eecnahc/);
  const asYaml = await runNoAuth(["task", "get", ID, "--yaml"], { fetch: stub.fetch });
  // The bidi override too is an escape: the same string for a YAML parser.
  assert.match(asYaml.stdout, /^name: "Evil\\e\]52;c;aGk=\\a\\e\[2J\\rfake\\u202eecnahc"$/m);
  stub.assertDone();
});
