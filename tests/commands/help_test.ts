/** `--help` on every command and tree, in-process. */
import assert from "node:assert/strict";
import { commandLine, runInProcess, tempHome } from "../helpers/cli.ts";

Deno.test("every --help lists its commands or flags, examples and the global flags", async (ctx) => {
  const home = await tempHome();
  const paths = [
    [],
    ["auth"],
    ["auth", "set-api-key"],
    ["auth", "status"],
    ["auth", "whoami"],
    ["auth", "logout"],
    ["auth", "keys"],
    ["auth", "keys", "list"],
    ["auth", "keys", "create"],
    ["auth", "keys", "revoke"],
    ["task"],
    ...[
      "create",
      "preview",
      "list",
      "get",
      "update",
      "pause",
      "resume",
      "delete",
      "execute",
      "logs",
      "share",
      "unshare",
      "fork",
      "feed",
    ]
      .map((verb) => ["task", verb]),
    ["config"],
    ...["list", "get", "set", "unset", "path"].map((verb) => ["config", verb]),
    ["doctor"],
    ["completions"],
    ["version"],
  ];
  for (const path of paths) {
    await ctx.step(commandLine([...path, "--help"]), async () => {
      const result = await runInProcess([...path, "--help"], { home });
      assert.equal(result.code, 0, path.join(" "));
      assert.match(result.stdout, /^USAGE\n/, path.join(" "));
      assert.match(result.stdout, /Examples:\n {2}\$ .*torale /, path.join(" "));
      assert.match(result.stdout, /Global flags \(before or after the command\):/, path.join(" "));
      assert.match(result.stdout, /(COMMANDS|FLAGS)\n/, path.join(" "));
    });
  }
});
