/**
 * Every ```bash / ```sh block of README.md and docs/**.md runs as one script (bash, `set -e`)
 * against a freshly seeded local API (tests/helpers/example_world.ts), with `torale` on
 * PATH, and ends with exit 0. HTML comments on the lines just above a block change that:
 *
 *   <!-- not-run: <reason> -->   the block is skipped; the count and reasons are printed
 *   <!-- generation: classic --> it runs against the classic API (current otherwise)
 *   <!-- exit: N -->             it must end with exit N
 *   <!-- until: Ctrl-C -->       it runs until interrupted: Ctrl-C after a while, then 130
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import type { Generation } from "../../local_api/server.ts";
import { runScript, startWorld } from "../helpers/examples.ts";

const ROOT = join(import.meta.dirname!, "..", "..");

/** A shell block of a Markdown file and what its markers say. */
interface Block {
  file: string;
  /** The line of the opening fence, from 1. */
  line: number;
  script: string;
  skip?: string;
  generation: Generation;
  exit: number;
  untilInterrupt: boolean;
}

/** README.md and every Markdown file under docs/, if there is one. */
async function markdownFiles(): Promise<string[]> {
  const files = [join(ROOT, "README.md")];
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

/** The bash and sh blocks of one Markdown text, with the markers above each. */
export function shellBlocks(file: string, text: string): Block[] {
  const lines = text.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(`{3,}|~{3,})\s*(\w*)/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((line, j) => j > i && line.trim().startsWith(fence[2]));
    const close = end === -1 ? lines.length : end;
    if (fence[3] === "bash" || fence[3] === "sh") {
      const markers: Record<string, string> = {};
      for (let j = i - 1; j >= 0; j--) {
        const marker = /^\s*<!--\s*([\w-]+):\s*(.*?)\s*-->\s*$/.exec(lines[j]);
        if (!marker) break;
        markers[marker[1]] ??= marker[2];
      }
      const generation = markers.generation ?? "current";
      assert(generation === "current" || generation === "classic", `${file}:${i + 1}`);
      blocks.push({
        file,
        line: i + 1,
        script: lines.slice(i + 1, close).join("\n"),
        skip: markers["not-run"],
        generation,
        exit: Number(markers.exit ?? 0),
        untilInterrupt: /^Ctrl-C$/i.test(markers.until ?? ""),
      });
    }
    i = close;
  }
  return blocks;
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
