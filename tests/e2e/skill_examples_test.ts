/**
 * skills/torale-cli/SKILL.md teaches agents the CLI: every line of its bash blocks runs against
 * the seeded docs world and exits 0, and its MCP block is JSON that starts `torale mcp serve`.
 */
import assert from "node:assert/strict";
import { expectationOf, runLine, startWorld } from "../helpers/examples.ts";

const SKILL = new URL("../../skills/torale-cli/SKILL.md", import.meta.url);

Deno.test("every command of the agent skill runs as written", async (t) => {
  const text = await Deno.readTextFile(SKILL);
  const blocks = [...text.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]);
  const lines = blocks.flatMap((block) => block.split("\n")).filter((line) => line.trim());
  assert.ok(lines.length >= 10, "the skill shows commands");
  for (const line of lines) {
    await t.step(line, async () => {
      const expected = expectationOf([line]);
      await using world = await startWorld(expected.generation, {});
      const result = await runLine(world, line, false);
      assert.equal(result.code, expected.exit, result.stderr + result.stdout);
    });
  }
  const [json] = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]);
  assert.deepEqual(JSON.parse(json).mcpServers.torale, {
    command: "torale",
    args: ["mcp", "serve"],
  });
});
