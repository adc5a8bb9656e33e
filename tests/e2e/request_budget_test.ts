/**
 * Every command's request budget (issue 23): each command of the tree (walked, never listed)
 * runs its first runnable help example against a seeded local API of each generation whose
 * generation an earlier command has made known, through a fetch that records each request.
 * Without a stated exception a command may send 1 request, 2 when it names an id by a prefix
 * or writes; the exceptions, with their number and why, are the table under "Request budget"
 * in docs/development.md, which this test reads.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { isUuid } from "../../src/api/types.ts";
import { expectationOf, plainWords, runLine, startWorld, type World } from "../helpers/examples.ts";
import { commandsOf, wholeTree } from "../helpers/tree.ts";
import { recording } from "../helpers/fetch_stub.ts";

/**
 * The `torale …` words an example runs, in `world`: the line itself when it is plain, else its
 * first `torale` command with the shell's variables filled in and what follows a pipe or a
 * redirection left out.
 */
function runnable(world: World, example: string): string | undefined {
  const line = world.substitute(example);
  if (plainWords(line)?.[0] === "torale") return line;
  const command = /(?:^|[(|;&]\s*)(torale\b[^|<>;&)]*)/.exec(line)?.[1];
  if (!command) return undefined;
  const filled = command.replace(/"?\$(\w+)"?/g, (_, name) => `'${world.env[name] ?? ""}'`);
  return plainWords(filled) ? filled.trim() : undefined;
}

/** One row of the budget table: a command line, its number, and what else it may repeat. */
interface Row {
  line: string;
  requests: number;
  /** A wait's look per check, or apply's write per change, on top of `requests`. */
  per?: "check" | "change";
}

async function budgetTable(): Promise<Row[]> {
  const docs = await Deno.readTextFile(
    join(import.meta.dirname!, "..", "..", "docs", "development.md"),
  );
  const section = docs.split(/^## Request budget$/m)[1]?.split(/^## /m)[0];
  assert(section, "docs/development.md has a Request budget section");
  return [...section.matchAll(/^\| `(torale [^`]+)` +\| (\d+)(?: \+ 1 per (check|change))? +\|/gm)]
    .map((row) => ({ line: row[1], requests: Number(row[2]), per: row[3] as Row["per"] }));
}

/** The command a line runs: the longest of `paths` its words start with. */
function commandOf(paths: string[][], args: string[]): string {
  const found = paths.filter((path) => path.every((word, i) => args[i] === word))
    .sort((a, b) => b.length - a.length)[0];
  return (found ?? []).join(" ");
}

/** The row for a run of `command` with `args`: the same command, with every flag the row names. */
function rowFor(table: Row[], paths: string[][], command: string, args: string[]): Row | undefined {
  return table.find((row) => {
    const words = plainWords(row.line)!.slice(1);
    return commandOf(paths, words) === command &&
      words.filter((word) => word.startsWith("-")).every((flag) => args.includes(flag));
  });
}

/** How many of `requests` count against a budget: not a wait's checks, nor apply's writes per change. */
function counted(requests: string[], per: Row["per"]): number {
  if (per === "change") return requests.filter((r) => r.startsWith("GET ")).length;
  // A wait ends on a check: every request like its last one is a check.
  if (per !== "check") return requests.length;
  return requests.filter((r) => r !== requests.at(-1)).length;
}

/** The budget of `args`: its row, else 2 when it names an id by a prefix or writes, else 1. */
function budget(
  table: Row[],
  paths: string[][],
  args: string[],
  writes: number,
): { requests: number; per?: Row["per"] } {
  const row = rowFor(table, paths, commandOf(paths, args), args);
  if (row) return row;
  const prefix = args.some((arg) => /^[0-9a-f-]{4,35}$/i.test(arg) && !isUuid(arg));
  return { requests: prefix || writes > 0 ? 2 : 1 };
}

for (const generation of ["classic", "current"] as const) {
  Deno.test(`every command keeps its request budget (${generation} API, generation known)`, async (t) => {
    const table = await budgetTable();
    const all = commandsOf(await wholeTree());
    const paths = all.map(({ words }) => words);
    let ran = 0;
    for (const { words, node } of all) {
      await t.step(words.join(" "), async () => {
        await using world = await startWorld(generation);
        const example = node.help.examples.map((e) => [e, runnable(world, e)] as const)
          .find(([, line]) => line !== undefined);
        const line = example?.[1] ?? `torale ${words.join(" ")} --help`;
        // The seeding commands made the generation known; this only makes sure of it.
        assert.equal((await runLine(world, "torale config get api_generation", false)).code, 0);
        const rec = recording();
        const untilInterrupt = expectationOf([example?.[0] ?? ""]).untilInterrupt;
        const result = await runLine(world, line, untilInterrupt, { fetch: rec.fetch });
        // A run that fails early would keep any budget: it must end as its page says.
        const expected = expectationOf([example?.[0] ?? ""]);
        const asWritten = example === undefined || line === world.substitute(example[0]);
        if (asWritten && expected.generation === generation) {
          const code = expected.untilInterrupt ? 130 : expected.exit;
          assert.equal(result.code, code, `${line}\n${result.stderr}`);
        }
        const args = plainWords(line)!.slice(1);
        const writes = rec.requests.filter((r) => !r.startsWith("GET ")).length;
        const allowed = budget(table, paths, args, writes);
        const count = counted(rec.requests, allowed.per);
        assert(
          count <= allowed.requests,
          `${line}: ${count} requests, budget ${allowed.requests}: ${rec.requests.join(", ")}`,
        );
        if (!rowFor(table, paths, words.join(" "), args)) {
          assert(!rec.requests.includes("GET /health"), `${line} asked the generation again`);
        }
        ran++;
      });
    }
    assert(ran > 40, `only ${ran} commands ran`);
  });
}

Deno.test("every row of the budget table holds for the command line it names", async (t) => {
  const paths = commandsOf(await wholeTree()).map(({ words }) => words);
  for (const row of await budgetTable()) {
    await t.step(row.line, async () => {
      await using world = await startWorld("current");
      if (row.line.includes(" apply ")) {
        // A change to apply: the file asks for another condition than the server has.
        const file = join(world.dir, "torale.yaml");
        const text = await Deno.readTextFile(file);
        assert.match(text, /condition: Announced\n/);
        await Deno.writeTextFile(file, text.replace("condition: Announced\n", "condition: Out\n"));
      }
      const rec = recording();
      const follows = row.line.includes("--follow");
      const result = await runLine(world, row.line, follows, { fetch: rec.fetch });
      assert.equal(result.code, follows ? 130 : 0, `${row.line}\n${result.stderr}`);
      assert(commandOf(paths, plainWords(row.line)!.slice(1)), `${row.line} names no command`);
      const count = counted(rec.requests, row.per);
      assert(count <= row.requests, `${row.line}: ${count}: ${rec.requests.join(", ")}`);
      if (!row.line.startsWith("torale doctor")) {
        assert(!rec.requests.includes("GET /health"), `${row.line} asked the generation again`);
      }
    });
  }
});

Deno.test("issue 23's commands send what they need and no more, the generation known", async (t) => {
  const full = "3f2c8a4e-1b7d-4c2a-9e51-6d0f3b2a7c10";
  for (
    const [line, wanted] of [
      ["torale task update 3f2c --name beta", 2],
      ["torale task create -q q -c c", 2],
      ["torale task get 3f2c", 2],
      [`torale task get ${full}`, 1],
      ["torale task pause 3f2c", 2],
      [`torale task pause ${full}`, 1],
      ["torale export", 1],
      // A --task filter: the prefix's list proves the task exists; a full id, its GET.
      ["torale notifications list --task 3f2c", 2],
      [`torale webhook deliveries --task ${full}`, 2],
    ] as const
  ) {
    await t.step(line, async () => {
      await using world = await startWorld("current");
      const rec = recording();
      const result = await runLine(world, line, false, { fetch: rec.fetch });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(rec.requests.length, wanted, rec.requests.join(", "));
    });
  }
});
