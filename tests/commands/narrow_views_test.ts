/**
 * Today's table views as people see them: on a terminal at 60 and 80 columns, colour on and
 * off, against the docs' seeded world (a public task, two active connections). Every line fits
 * the width by display width, and colour on shows the same text as colour off.
 */
import assert from "node:assert/strict";
import { runWithKey } from "../helpers/cli.ts";
import { startWorld } from "../helpers/examples.ts";
import { displayWidth } from "../../src/output/width.ts";

const VIEWS = [
  ["public", "list"],
  ["public", "feed"],
  ["public", "get", "9a1b"],
  ["connectors", "available"],
  ["connectors", "list"],
];

// deno-lint-ignore no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;

Deno.test("public and connectors views fit 60 and 80 columns, with and without colour", async (t) => {
  await using world = await startWorld("current");
  for (const args of VIEWS) {
    for (const columns of [60, 80]) {
      await t.step(`${args.join(" ")} at ${columns} columns`, async () => {
        const run = (env: Record<string, string>) =>
          runWithKey(world, args, {
            home: world.home,
            stdoutIsTerminal: true,
            stderrIsTerminal: true,
            columns,
            env,
          });
        const plain = await run({ NO_COLOR: "1" });
        const coloured = await run({ FORCE_COLOR: "1" });
        assert.equal(plain.code, 0, plain.stderr);
        assert.equal(coloured.code, 0, coloured.stderr);
        assert.notEqual(plain.stdout.trim(), "", "it shows something");
        assert.doesNotMatch(plain.stdout, SGR, "no colour with NO_COLOR");
        assert.equal(coloured.stdout.replace(SGR, ""), plain.stdout, "colour changes no text");
        for (const line of plain.stdout.trimEnd().split("\n")) {
          assert(displayWidth(line) <= columns, `${displayWidth(line)} > ${columns}: ${line}`);
        }
      });
    }
  }
});
