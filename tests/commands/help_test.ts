/** `--help` on every command and tree, in-process. */
import assert from "node:assert/strict";
import { commandLine, runInProcess, tempHome } from "../helpers/cli.ts";
import { commandsOf, pagesOf, wholeTree } from "../helpers/tree.ts";

Deno.test("every --help lists its commands or flags, examples and the global flags", async (ctx) => {
  const home = await tempHome();
  const pages = pagesOf(await wholeTree());
  // The walk reaches every tree and command, not a part of them.
  assert(pages.length > 60, `only ${pages.length} help pages`);
  for (const { words: path, node } of pages) {
    // A flag of the command's own may start with no- (connectors connect --no-wait).
    const declared = Object.keys(node.kind === "command" ? node.parameters.flags ?? {} : {})
      .map((flag) => `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    await ctx.step(commandLine([...path, "--help"]), async () => {
      const result = await runInProcess([...path, "--help"], { home });
      assert.equal(result.code, 0, path.join(" "));
      // The root page first says what torale is.
      assert.match(
        result.stdout,
        path.length ? /^USAGE\n/ : /^torale: .+\n\nUSAGE\n/,
        path.join(" "),
      );
      const sections = result.stdout.split("\n\n").map((section) => section.split("\n")[0]);
      const at = (heading: string) => sections.indexOf(heading);
      assert.match(result.stdout, /\nEXAMPLES\n {2}\$ .*torale /, path.join(" "));
      // Flags or commands first, examples after them, the global flags last.
      assert(Math.max(at("FLAGS"), at("COMMANDS")) < at("EXAMPLES"), sections.join(" | "));
      const global = path.length === 0
        ? "GLOBAL FLAGS (before or after the command)"
        : "GLOBAL FLAGS";
      assert.equal(at(global), sections.length - 1, sections.join(" | "));
      for (const [negation] of result.stdout.matchAll(/--no-(yes|paused|wait|active|pause)\b/g)) {
        assert(declared.includes(negation), `no negations: ${negation}`);
      }
      for (const line of result.stdout.split("\n")) {
        assert(line.length <= 160, `a ${line.length}-character line: ${line}`);
      }
    });
  }
});

Deno.test("a flag that takes a value is shown with its placeholder, on every command", async () => {
  const home = await tempHome();
  for (const { words, node } of commandsOf(await wholeTree())) {
    const valued = Object.entries(node.parameters.flags ?? {})
      .filter(([, flag]) => flag.kind === "parsed" || flag.kind === "enum");
    if (!valued.length) continue;
    const result = await runInProcess([...words, "--help"], { home });
    assert.equal(result.code, 0, words.join(" "));
    for (const [name] of valued) {
      const kebab = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      assert.match(
        result.stdout,
        new RegExp(`--${kebab} <[^>]+>`),
        `${words.join(" ")} --${kebab}`,
      );
    }
    assert.doesNotMatch(result.stdout, /\[--[a-z]/, `${words.join(" ")}: stricli's [--flag]`);
  }
  const create = await runInProcess(["task", "create", "--help"], { home });
  assert.match(create.stdout, /^ {2}-q, --query <text> +What to search for/m);
  assert.match(create.stdout, /^ {6}--paused +Create the task paused/m);
  const plan = await runInProcess(["plan", "--help"], { home });
  assert.match(plan.stdout, /^ {2}torale plan --file <file>$/m);
});

Deno.test("torale --help says what torale is and groups every command", async () => {
  const { GROUPS, TREES } = await import("../../src/cli/trees.ts");
  const result = await runInProcess(["--help"], { home: await tempHome() });
  assert.equal(result.code, 0);
  const [about] = result.stdout.split("\n");
  assert.match(about, /^torale: .*Torale/);
  for (const [title, names] of Object.entries(GROUPS)) {
    const section = result.stdout.split("\n\n").find((s) =>
      s.startsWith(`${title.toUpperCase()}\n`)
    );
    assert(section, `no ${title} section`);
    // A group may name a tree this build does not have yet; it is left out.
    for (const name of names.filter((name) => Object.hasOwn(TREES, name))) {
      assert.match(section, new RegExp(`^ {2}${name} +\\S`, "m"), name);
    }
  }
  // Every command is in a group: none falls to "Other commands".
  assert.deepEqual(Object.keys(TREES).filter((n) => !Object.values(GROUPS).flat().includes(n)), []);
  assert.doesNotMatch(result.stdout, /OTHER COMMANDS/);
});

Deno.test("torale help <topic> prints the topic; torale help lists the topics", async (ctx) => {
  const { TOPICS } = await import("../../src/cli/topics/index.ts");
  const { TREES } = await import("../../src/cli/trees.ts");
  const home = await tempHome();
  const listed = await runInProcess(["help"], { home });
  assert.equal(listed.code, 0);
  const topics = listed.stdout.split("\n\n").find((s) => s.startsWith("HELP TOPICS\n"));
  assert(topics, listed.stdout);
  for (const name of ["exit-codes", "environment", "config-file", "formats", "generations"]) {
    await ctx.step(`torale help ${name}`, async () => {
      assert(!Object.hasOwn(TREES, name), `topic ${name} clashes with a command`);
      assert.match(topics, new RegExp(`^ {2}${name} +\\S`, "m"));
      const result = await runInProcess(["help", name], { home });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, "");
      assert.equal(
        result.stdout.split("\n")[0],
        TOPICS[name] && (await TOPICS[name].load()).title.toUpperCase(),
      );
    });
  }
  const codes = await runInProcess(["help", "exit-codes"], { home });
  assert.match(codes.stdout, /^ {2}124 +`task wait --timeout` passed first/m);
  const config = await runInProcess(["help", "config-file"], { home });
  assert.match(config.stdout, /^ {2}api_generation +/m, "the keys come from the config key table");
  const unknown = await runInProcess(["help", "no-such-topic"], { home });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^Error: Unknown command "no-such-topic"/);
  // A command's help is still reached through `torale help <command>`.
  const task = await runInProcess(["help", "task"], { home });
  assert.match(task.stdout, /^USAGE\n {2}torale task create/);
});

Deno.test("a help topic is fitted to the terminal, and printed as it is when piped", async () => {
  const home = await tempHome();
  const wide = (text: string) => text.split("\n").filter((line) => line.length > 60);
  const piped = await runInProcess(["help", "generations"], { home });
  assert(wide(piped.stdout).length > 0, "some lines are wider than 60 columns");
  const terminal = await runInProcess(["help", "generations"], {
    home,
    stdoutIsTerminal: true,
    columns: 60,
  });
  assert.equal(terminal.code, 0);
  assert.deepEqual(wide(terminal.stdout), []);
  assert.equal(terminal.stdout.replace(/\s+/g, " "), piped.stdout.replace(/\s+/g, " "));
});
