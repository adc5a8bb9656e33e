import assert from "node:assert/strict";
import { splitGlobalFlags } from "../../src/cli/global_flags.ts";
import { resolveSettings } from "../../src/config/resolve.ts";
import { UsageError } from "../../src/errors.ts";

Deno.test("global flags are taken out wherever they stand", () => {
  assert.deepEqual(splitGlobalFlags(["--debug", "task", "list"]), {
    args: ["task", "list"],
    globals: { debug: true },
  });
  assert.deepEqual(
    splitGlobalFlags(["--api-key", "K", "--timeout=5", "auth", "status", "--json", "--no-color"]),
    {
      args: ["auth", "status"],
      globals: { apiKey: "K", timeout: 5, timeoutText: "5", json: true, color: false },
    },
  );
  assert.deepEqual(splitGlobalFlags(["task", "list", "--api-url", "http://h:1", "--yaml"]), {
    args: ["task", "list"],
    globals: { apiUrl: "http://h:1", yaml: true },
  });
});

Deno.test("arguments after -- are never treated as flags", () => {
  assert.deepEqual(splitGlobalFlags(["x", "--json", "--", "--debug"]), {
    args: ["x", "--", "--debug"],
    globals: { json: true },
  });
});

Deno.test("a root --version or -v becomes the version command", () => {
  assert.deepEqual(splitGlobalFlags(["--version"]).args, ["version"]);
  assert.deepEqual(splitGlobalFlags(["-v"]).args, ["version"]);
});

Deno.test("camelCase spellings of global flags are recognised too", () => {
  assert.deepEqual(splitGlobalFlags(["--apiKey", "K", "task"]), {
    args: ["task"],
    globals: { apiKey: "K" },
  });
});

Deno.test("a global flag without its value, or with a bad one, is a usage error", () => {
  assert.throws(() => splitGlobalFlags(["task", "list", "--api-key"]), /--api-key needs a value/);
  assert.throws(
    () => splitGlobalFlags(["--timeout", "soon"]),
    (e) =>
      e instanceof UsageError && /"soon": must be a positive number of seconds/.test(e.message),
  );
  assert.throws(
    () => splitGlobalFlags(["--timeout", "0"]),
    (e) => e instanceof UsageError && /"0": must be a positive number of seconds/.test(e.message),
  );
  assert.throws(
    () => splitGlobalFlags(["--timeout", "1h30"]),
    (e) => e instanceof UsageError && /"1h30": must be a positive number/.test(e.message),
  );
  assert.equal(splitGlobalFlags(["--timeout", "0.5"]).globals.timeout, 0.5);
  assert.equal(splitGlobalFlags(["--timeout", "1h30m"]).globals.timeout, 5400);
  assert.equal(splitGlobalFlags(["--timeout", "90s"]).globals.timeout, 90);
  assert.throws(() => splitGlobalFlags(["--api-url", "ftp://x"]), UsageError);
  assert.throws(() => splitGlobalFlags(["--api-url", "https://me:hunter2@api.example.test"]), {
    message:
      'Invalid API URL "https://me:***@api.example.test": the URL must not contain a user name or password',
  });
});

Deno.test("a request timeout over an hour is a usage error when settings resolve", () => {
  const { globals } = splitGlobalFlags(["--timeout", "2h"]);
  assert.throws(
    () => resolveSettings({ flags: globals, env: () => undefined, file: {} }),
    (e) => e instanceof UsageError && /"2h": must be at most 3600 seconds/.test(e.message),
  );
  const ok = splitGlobalFlags(["--timeout", "3600"]).globals;
  assert.equal(resolveSettings({ flags: ok, env: () => undefined, file: {} }).timeout.value, 3600);
});
