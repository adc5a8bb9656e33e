/**
 * Every example of every help page runs, against a freshly seeded local API of the
 * generation it is for (tests/helpers/example_world.ts), and ends with the exit code its
 * page states. The examples come from the command tree itself, never from a list kept here.
 */
import assert from "node:assert/strict";
import { runInProcess, tempHome } from "../helpers/cli.ts";
import { expectationOf, runLine, startWorld } from "../helpers/examples.ts";
import { pagesOf, wholeTree } from "../helpers/tree.ts";

/** Every help page's path and examples, root first. */
async function pages(): Promise<{ path: string[]; examples: string[] }[]> {
  return pagesOf(await wholeTree()).map(({ words, node }) => ({
    path: words,
    examples: node.help.examples,
  }));
}

Deno.test("every example of every help page exits as its page says", async (t) => {
  let ran = 0;
  const seen = new Set<string>();
  for (const page of await pages()) {
    for (const example of page.examples) {
      if (seen.has(example)) continue; // A tree's page repeats its commands' examples.
      seen.add(example);
      const expected = expectationOf([example]);
      const name = `${page.path.join(" ") || "(root)"}: ${example} [${expected.generation}]`;
      await t.step(name, async () => {
        await using world = await startWorld(expected.generation, {
          noauth: /\bTORALE_NOAUTH=1\b/.test(example),
        });
        const result = await runLine(world, example, expected.untilInterrupt);
        const wanted = expected.untilInterrupt ? 130 : expected.exit;
        assert.equal(result.code, wanted, `${example}\n${result.stderr}${result.stdout}`);
      });
      ran++;
    }
  }
  console.log(`help examples: ${ran} run, 0 skipped`);
  assert(ran > 0, "no examples found");
});

Deno.test("a classic-only example says so on its help page", async () => {
  const home = await tempHome();
  let classic = 0;
  for (const page of await pages()) {
    const marked = page.examples.filter((example) =>
      expectationOf([example]).generation === "classic"
    );
    if (marked.length === 0) continue;
    const help = await runInProcess([...page.path, "--help"], { home });
    assert.equal(help.code, 0, help.stderr);
    for (const example of marked) {
      assert.match(example, /# \(classic API only\)/, example);
      assert(help.stdout.includes(`$ ${example}`), `${page.path.join(" ")}: ${example}`);
      classic++;
    }
  }
  assert(classic > 0, "no classic-only example found");
});
