/** Help pages and prose fitted to the terminal (src/output/wrap.ts); help at 60 columns. */
import assert from "node:assert/strict";
import { fitProse, wrapHelp, wrapProseLine } from "../../src/output/wrap.ts";
import { displayWidth, stripColor } from "../../src/output/width.ts";
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

Deno.test("a help line whose name leaves one space continues under its neighbours' text", () => {
  const timeout = "  --timeout <duration> request timeout (default 30s); how long task wait waits";
  const wrapped = [
    "  --timeout <duration> request timeout (default 30s); how",
    "                       long task wait waits",
  ].join("\n");
  const wide = "  --wide               tables on a terminal";
  // The neighbour may be above it or below it, in the same section.
  assert.equal(
    wrapHelp(["FLAGS", wide, timeout].join("\n"), 60),
    ["FLAGS", wide, wrapped].join("\n"),
  );
  assert.equal(wrapHelp([timeout, wide].join("\n"), 60), [wrapped, wide].join("\n"));
  assert.equal(
    wrapHelp([timeout, "", wide].join("\n"), 60).split("\n")[1],
    "  long task wait waits",
  );
});

Deno.test("an error line continues under its text after `Error: `, a hint under its indent", () => {
  const text = [
    "Error: The API key from the config file is not a valid key for this account",
    "    Keys are sk_ followed by 43 letters, digits, _ or -",
  ].join("\n");
  assert.equal(
    fitProse(text, { isTerminal: true, columns: 40 }),
    [
      "Error: The API key from the config file",
      "       is not a valid key for this",
      "       account",
      "    Keys are sk_ followed by 43 letters,",
      "    digits, _ or -",
    ].join("\n"),
  );
  assert.equal(fitProse(text, { isTerminal: false, columns: 40 }), text, "piped: unchanged");
  assert.equal(fitProse(text, { isTerminal: true }), text, "no known width: unchanged");
});

Deno.test("a command in a hint stays whole, on a line of its own when it does not fit", () => {
  const fit = (line: string, columns: number) =>
    fitProse(line, { isTerminal: true, columns }).split("\n");
  assert.deepEqual(
    fit("Run it now and wait for that run: torale task execute 3f2c9a01 --wait", 40),
    ["Run it now and wait for that run:", "torale task execute 3f2c9a01 --wait"],
  );
  // Longer than the terminal, it is still whole: the terminal may fold it, copying keeps it.
  assert.deepEqual(fit("Run: torale auth keys revoke 0123456789abcdef --yes", 24), [
    "Run:",
    "torale auth keys revoke 0123456789abcdef --yes",
  ]);
  // A quoted span is a command too, and the words after it wrap as usual.
  assert.deepEqual(
    fit("Run `torale auth set-api-key`, set TORALE_API_KEY, or pass --api-key.", 30),
    ["Run `torale auth set-api-key`,", "set TORALE_API_KEY, or pass", "--api-key."],
  );
  // Two commands in one hint: each is whole, the words between them wrap.
  assert.deepEqual(
    fit(
      "Verify it with: torale email add a@b.example, then torale email verify a@b.example <code>",
      44,
    ),
    [
      "Verify it with:",
      "torale email add a@b.example, then",
      "torale email verify a@b.example <code>",
    ],
  );
  // So does a path (or an id, a URL): past the edge the terminal would fold it mid-word.
  assert.deepEqual(
    wrapProseLine("✗ Config files  /home/someone/.torale/config.json 0644: open to others", 40, 16)
      .split("\n"),
    ["✗ Config files", "/home/someone/.torale/config.json 0644:", "                open to others"],
  );
  // A command that fits only from the left edge goes there rather than past the edge.
  assert.deepEqual(fit('    Run: chmod 600 "/home/someone/.torale/config.json"', 48), [
    "    Run:",
    'chmod 600 "/home/someone/.torale/config.json"',
  ]);
});

Deno.test("colour codes take no column and wide characters two when prose is wrapped", () => {
  const warning = 'Warning: profile "work" is not in the config file; using the defaults';
  const colored = warning.replace("Warning:", "\x1b[33mWarning:\x1b[39m");
  const plain = wrapProseLine(warning, 40);
  assert.equal(plain.split("\n")[1], "         config file; using the defaults");
  assert.equal(stripColor(wrapProseLine(colored, 40)), plain);
  const ok = `\x1b[32m✓\x1b[39m ${"日本語のタスク名 ".repeat(4)}`.trimEnd();
  const lines = wrapProseLine(ok, 36).split("\n");
  assert.deepEqual(lines.map((line) => displayWidth(line)), [35, 35]);
  assert.ok(lines[1].startsWith("  日本語"), lines[1]);
  // A run of CJK without spaces breaks between characters, continuing under the text.
  assert.deepEqual(wrapProseLine(`Error: ${"日本語".repeat(6)}`, 20).split("\n"), [
    "Error: 日本語日本語",
    "       日本語日本語",
    "       日本語日本語",
  ]);
});

Deno.test("root help's global flags continue under their text at 60 and 80 columns", async (t) => {
  const home = await tempHome();
  for (const columns of [60, 80]) {
    await t.step(`${columns} columns`, async () => {
      const shown = await runInProcess(["--help"], { home, stdoutIsTerminal: true, columns });
      const section = shown.stdout.slice(shown.stdout.indexOf("GLOBAL FLAGS")).trimEnd();
      const lines = section.split("\n").slice(1);
      const column = /^ {2}--timeout <duration> +/.exec(lines.find((l) => /--timeout/.test(l))!)!;
      for (const line of lines) {
        const text = line.startsWith("  --") ? /^ {2}\S.*?\S {2,}/.exec(line)! : /^ +/.exec(line)!;
        assert.equal(text?.[0].length, column[0].length, `${columns}: ${line}`);
      }
    });
  }
});

Deno.test("a path too long to follow its mark starts the next line, the mark keeping the first", () => {
  const path = "/home/someone-with-a-long-name-indeed/.torale/config.json";
  assert.deepEqual(
    wrapProseLine(`Warning: ${path} is readable by other users`, 60).split("\n"),
    ["Warning:", `${path} is`, "         readable by other users"],
  );
});
