/** Bad input is refused before any request, and what is echoed back stays readable. */
import assert from "node:assert/strict";
import { runInProcess, runNoAuth, tempHome } from "../helpers/cli.ts";
import { stubFetch } from "../helpers/fetch_stub.ts";

Deno.test("a malformed key from the flag or the variable is a usage error and is never sent", async (t) => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ["TORALE_API_KEY", [], { TORALE_API_KEY: "sk_short" }, /from TORALE_API_KEY is not/],
    ["--api-key", ["--api-key", "not-a-key"], {}, /from --api-key is not a valid key/],
  ];
  for (const [name, flags, env, message] of cases) {
    await t.step(name, async () => {
      const stub = stubFetch([]);
      const result = await runInProcess(["task", "list", ...flags], {
        home: await tempHome(),
        env: { TORALE_API_URL: "http://127.0.0.1:9", ...env },
        fetch: stub.fetch,
      });
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
      assert(!result.stderr.includes("sk_short") && !result.stderr.includes("not-a-key"));
      assert.equal(stub.requests.length, 0);
    });
  }
});

Deno.test("-- ends the options: what follows is an argument even if it starts with -", async () => {
  const result = await runNoAuth(["task", "get", "--", "-xyz"], { fetch: stubFetch([]).fetch });
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr,
    'Error: Task not found: "-xyz"\nList your tasks and their ids with: torale task list\n',
  );
});

Deno.test("a huge argument is cut in the error that quotes it", async () => {
  const huge = "x".repeat(128 * 1024);
  const result = await runNoAuth(["task", "get", huge], { fetch: stubFetch([]).fetch });
  assert.equal(result.code, 1);
  const first = result.stderr.split("\n")[0];
  assert(first.length < 600, `the error line is ${first.length} characters long`);
  assert.match(first, /^Error: Task not found: "x+… \(130\d{3} more characters\)$/);
});

Deno.test("a cron expression that never fires is refused before any request", async () => {
  const stub = stubFetch([]);
  const result = await runNoAuth(["task", "create", "-q", "q", "-c", "c", "-s", "0 0 31 2 *"], {
    fetch: stub.fetch,
  });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^Error: Invalid cron expression "0 0 31 2 \*": it never fires/);
  assert.equal(stub.requests.length, 0);
});
