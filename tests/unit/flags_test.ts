import assert from "node:assert/strict";
import { hoistGlobalFlags } from "../../src/cli/flags.ts";

Deno.test("global flags before the subcommand move after it", () => {
  assert.deepEqual(hoistGlobalFlags(["--debug", "task", "list"]), ["task", "list", "--debug"]);
  assert.deepEqual(
    hoistGlobalFlags(["--api-key", "K", "--timeout=5", "auth", "status", "--json"]),
    ["auth", "status", "--api-key", "K", "--timeout=5", "--json"],
  );
});

Deno.test("global flags after the subcommand stay put", () => {
  assert.deepEqual(hoistGlobalFlags(["task", "list", "--api-key", "K"]), [
    "task",
    "list",
    "--api-key",
    "K",
  ]);
});

Deno.test("arguments after -- are never treated as flags", () => {
  assert.deepEqual(hoistGlobalFlags(["--json", "x", "--", "--debug"]), [
    "x",
    "--json",
    "--",
    "--debug",
  ]);
});

Deno.test("a root --version or -v becomes the version command", () => {
  assert.deepEqual(hoistGlobalFlags(["--version"]), ["version"]);
  assert.deepEqual(hoistGlobalFlags(["-v"]), ["version"]);
});

Deno.test("camelCase spellings of global flags are recognised too", () => {
  assert.deepEqual(hoistGlobalFlags(["--apiUrl", "U", "task", "list"]), [
    "task",
    "list",
    "--apiUrl",
    "U",
  ]);
});
