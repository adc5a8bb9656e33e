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

Deno.test("endless or huge local inputs end with a usage error, nothing sent", async (t) => {
  const cases: [string, string[], string | undefined, RegExp][] = [
    [
      "plan -f /dev/zero",
      ["plan", "-f", "/dev/zero"],
      undefined,
      /\/dev\/zero is larger than 8 MiB/,
    ],
    [
      "api --input /dev/zero",
      ["api", "/tasks/", "-X", "POST", "--input", "/dev/zero"],
      undefined,
      /--input file "\/dev\/zero" is larger than 64 MiB/,
    ],
    [
      "webhook verify, 1 MiB + 1 on stdin",
      ["webhook", "verify", "--secret", "s", "--signature", "t=1,v1=00"],
      "x".repeat(1024 * 1024 + 1),
      /the body on stdin is larger than 1 MiB/,
    ],
  ];
  for (const [name, args, stdin, message] of cases) {
    if (Deno.build.os === "windows" && args.includes("/dev/zero")) continue;
    await t.step(name, async () => {
      const stub = stubFetch([]);
      const result = await runNoAuth(args, { fetch: stub.fetch, stdin });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(stub.requests.length, 0);
    });
  }
});

Deno.test("a monitors file that is not UTF-8 is refused at its first bad byte, not read lossily", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/torale.yaml`;
  const text = "version: 1\ntasks:\n  Caf\u00e9: {query: q, condition: c}\n";
  // Latin-1: é is the one byte 0xE9.
  await Deno.writeFile(file, Uint8Array.from(text, (c) => c.charCodeAt(0)));
  const stub = stubFetch([]);
  const result = await runNoAuth(["plan", "-f", file], { fetch: stub.fetch });
  assert.equal(result.code, 2, result.stderr);
  assert.match(
    result.stderr,
    /^Error: .*torale\.yaml is not UTF-8: byte 0xE9 at offset 23 \(line 3\) starts no UTF-8 character\n/,
  );
  assert.equal(stub.requests.length, 0);
});
