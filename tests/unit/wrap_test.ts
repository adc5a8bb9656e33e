/** Help pages fitted to the terminal (src/output/wrap.ts) and through the CLI at 60 columns. */
import assert from "node:assert/strict";
import { wrapHelp } from "../../src/output/wrap.ts";
import { commandLine, runInProcess, tempHome } from "../helpers/cli.ts";

Deno.test("a long help line breaks at a space and continues under its text", () => {
  const page = [
    "  --wide          tables on a terminal: full ids, exact times, every column",
    "  torale auth set-api-key|status|whoami|logout|keys|list|switch|token|move-key ...",
    "short",
  ].join("\n");
  assert.equal(
    wrapHelp(page, 40),
    [
      "  --wide          tables on a terminal:",
      "                  full ids, exact times,",
      "                  every column",
      "  torale auth set-api-key|status|whoami|",
      "  logout|keys|list|switch|token|move-key",
      "  ...",
      "short",
    ].join("\n"),
  );
  assert.equal(wrapHelp(page, undefined), page, "an unknown width leaves the page as it is");
  // An example is a command to copy: it stays on one line, however long.
  const example =
    '  $ torale task create -q "Rust 2.0 release" -c "A date is public" -s "0 */6 * * *"';
  assert.equal(wrapHelp(example, 40), example);
});

Deno.test("every help page fits a 60-column terminal, and piped help is unchanged", async (t) => {
  const home = await tempHome();
  for (
    const args of [["--help"], ["task", "--help"], ["task", "create", "--help"], ["auth", "--help"]]
  ) {
    await t.step(commandLine(args), async () => {
      const shown = await runInProcess(args, { home, stdoutIsTerminal: true, columns: 60 });
      assert.equal(shown.code, 0, shown.stderr);
      for (const line of shown.stdout.split("\n")) {
        assert.ok(line.length <= 60 || /^ *\$ /.test(line), line);
      }
      const piped = await runInProcess(args, { home });
      // The same words: only where lines break differs.
      assert.equal(piped.stdout.replace(/\s+/g, ""), shown.stdout.replace(/\s+/g, ""));
    });
  }
});
