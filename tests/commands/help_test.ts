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
      const sections = result.stdout.split("\n\n").map((section) => section.split("\n")[0]);
      const at = (heading: string) => sections.indexOf(heading);
      assert.match(result.stdout, /\nEXAMPLES\n {2}\$ .*torale /, path.join(" "));
      // Flags or commands first, examples after them, the global flags last.
      assert(Math.max(at("FLAGS"), at("COMMANDS")) < at("EXAMPLES"), sections.join(" | "));
      const global = path.length === 0
        ? "GLOBAL FLAGS (before or after the command)"
        : "GLOBAL FLAGS";
      assert.equal(at(global), sections.length - 1, sections.join(" | "));
      assert.doesNotMatch(result.stdout, /--no-(yes|paused|wait|active|pause)\b/, "no negations");
      for (const line of result.stdout.split("\n")) {
        assert(line.length <= 160, `a ${line.length}-character line: ${line}`);
      }
    });
  }
});
