import assert from "node:assert/strict";
import { expectationOf, runLine, startWorld } from "../helpers/examples.ts";
import { mcpRoutes } from "../../src/commands/mcp/routes.ts";
Deno.test("mcp examples", async (t) => {
  const tree = mcpRoutes();
  const examples = [...tree.help.examples, ...(tree.routes.serve as { help: { examples: string[] } }).help.examples];
  for (const example of new Set(examples)) {
    const expected = expectationOf([example]);
    await t.step(example, async () => {
      await using world = await startWorld(expected.generation, {});
      const result = await runLine(world, example, expected.untilInterrupt);
      console.log(result.stderr);
      assert.equal(result.code, expected.untilInterrupt ? 130 : expected.exit, result.stderr + result.stdout);
    });
  }
});
