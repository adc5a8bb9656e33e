/**
 * Every ```bash / ```sh block of README.md, local_api/README.md and docs/**.md runs as one script (bash, `set -e`)
 * against a freshly seeded local API (tests/helpers/example_world.ts), with `torale` on
 * PATH, and ends with exit 0. HTML comments on the lines just above a block (blank lines
 * between them and the fence are fine) change that:
 *
 *   <!-- not-run: <reason> -->   the block is skipped; the count and reasons are printed
 *   <!-- generation: classic --> it runs against the classic API (current otherwise)
 *   <!-- exit: N -->             it must end with exit N
 *   <!-- until: Ctrl-C -->       it runs until interrupted: Ctrl-C after a while, then 130
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { runScript, shellBlocks, startWorld } from "../helpers/examples.ts";

const ROOT = join(import.meta.dirname!, "..", "..");

/** README.md, local_api/README.md and every Markdown file under docs/, if there is one. */
async function markdownFiles(): Promise<string[]> {
  const files = [join(ROOT, "README.md"), join(ROOT, "local_api", "README.md")];
  const walk = async (dir: string): Promise<void> => {
    try {
      for await (const entry of Deno.readDir(dir)) {
        const path = join(dir, entry.name);
        if (entry.isDirectory) await walk(path);
        else if (entry.name.endsWith(".md")) files.push(path);
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  };
  await walk(join(ROOT, "docs"));
  return files.sort((a, b) => a.localeCompare(b));
}

Deno.test("every shell block of the docs runs and exits as its markers say", async (t) => {
  const skipped: string[] = [];
  let ran = 0;
  for (const path of await markdownFiles()) {
    const file = relative(ROOT, path);
    for (const block of shellBlocks(file, await Deno.readTextFile(path))) {
      const name = `${file}:${block.line} [${block.generation}]`;
      if (block.skip !== undefined) {
        skipped.push(`${file}:${block.line}: ${block.skip}`);
        continue;
      }
      await t.step(name, async () => {
        await using world = await startWorld(block.generation, {
          noauth: /\bTORALE_NOAUTH=1\b/.test(block.script),
        });
        const script = `set -e\n${world.substitute(block.script)}`;
        const result = await runScript(world, script, { untilInterrupt: block.untilInterrupt });
        const wanted = block.untilInterrupt ? 130 : block.exit;
        assert.equal(result.code, wanted, `${name}\n${block.script}\n${result.stderr}`);
      });
      ran++;
    }
  }
  console.log(`docs blocks: ${ran} run, ${skipped.length} skipped`);
  for (const reason of skipped) console.log(`  skipped ${reason}`);
  assert(ran > 0, "no shell blocks found");
});
