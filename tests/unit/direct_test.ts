/**
 * The direct path (src/cli/direct.ts) runs a command named with nothing to
 * parse without stricli. It must hand every such command exactly what
 * stricli would, and leave every other command line to stricli: both are
 * checked here against stricli itself, for every command of every tree.
 */
import assert from "node:assert/strict";
import type { Context } from "../../src/kit/context.ts";
import type { Deps } from "../../src/deps.ts";
import { type CommandNode, routes } from "../../src/kit/spec.ts";
import {
  buildApplication,
  runApplication,
  StricliExitCode,
  toStricli,
} from "../../src/kit/stricli.ts";
import type { RouteMap } from "../../src/kit/stricli.ts";
import { commandAt, defaultArguments, runDirect } from "../../src/cli/direct.ts";
import { rootNode } from "../../src/cli/trees.ts";
import { commandsOf, wholeTree } from "../helpers/tree.ts";

const quiet = { write: () => {} };

function context(): Context {
  return { process: { stdout: quiet, stderr: quiet }, deps: {} as Deps, globals: {}, outcome: {} };
}

/** What stricli calls `node`'s verb with when the command line is its name alone. */
async function stricliArguments(node: CommandNode) {
  let received: unknown[] | undefined;
  const recorder: CommandNode = {
    ...node,
    load: () => Promise.resolve((...values: unknown[]) => void (received = values)),
  };
  const root = routes({ brief: "test", examples: [], routes: { it: recorder } });
  const app = buildApplication(toStricli(root) as RouteMap<Context>, {
    name: "torale",
    scanner: { caseStyle: "allow-kebab-for-camel", allowArgumentEscapeSequence: true },
  });
  const process = {
    stdout: quiet,
    stderr: quiet,
    exitCode: undefined as number | string | null | undefined,
  };
  await runApplication(app, ["it"], { ...context(), process });
  return { received, exitCode: process.exitCode ?? StricliExitCode.Success };
}

Deno.test("every command given no words gets from the direct path what stricli gives it", async (t) => {
  const all = commandsOf(await wholeTree());
  let direct = 0;
  let required = 0;
  for (const { words, node } of all) {
    await t.step(words.join(" "), async () => {
      const mine = await defaultArguments(node.parameters, context());
      const theirs = await stricliArguments(node);
      if (mine === undefined) {
        // Left to stricli: it must refuse the command line, naming what is missing.
        required++;
        assert.equal(theirs.received, undefined);
        assert.equal(theirs.exitCode, StricliExitCode.InvalidArgument);
      } else {
        direct++;
        assert.equal(theirs.exitCode, StricliExitCode.Success);
        assert.deepStrictEqual(mine, theirs.received);
      }
    });
  }
  // Both kinds exist, so neither half of the comparison is empty.
  assert.ok(direct >= 20, `only ${direct} commands run directly`);
  assert.ok(required >= 10, `only ${required} commands need a word`);
});

Deno.test("the direct path finds a command by its words, aliases and a tree's default", async () => {
  const auth = await rootNode("auth");
  const config = await rootNode("config");
  const task = await rootNode("task");
  const brief = (node: CommandNode | undefined) => node?.help.brief;
  assert.match(brief(commandAt(auth, ["auth", "status"])) ?? "", /which key is used/);
  assert.equal(
    brief(commandAt(auth, ["auth", "login"])),
    brief(commandAt(auth, ["auth", "set-api-key"])),
  );
  assert.equal(brief(commandAt(config, ["config"])), brief(commandAt(config, ["config", "list"])));
  assert.equal(commandAt(task, ["task"]), undefined, "a tree without a default shows its help");
  assert.equal(commandAt(auth, ["auth", "stat"]), undefined);
  assert.equal(commandAt(auth, ["auth", "status", "extra"]), undefined);
  assert.equal(commandAt(auth, ["auth", "keys"]), undefined);
  assert.equal(commandAt(auth, ["auth", "constructor"]), undefined);
  assert.equal(commandAt(auth, ["auth", "toString"]), undefined);
});

Deno.test("the direct path leaves help, flags, unknown words and required words to stricli", async () => {
  const outcome = {};
  // No verb may run: a deps without the network, files or env would fail it.
  const deps = { io: { stdout: quiet, stderr: quiet } } as unknown as Deps;
  const none = { deps, globals: {}, outcome };
  for (
    const words of [
      [],
      ["help"],
      ["auth"],
      ["auth", "--help"],
      ["auth", "status", "-h"],
      ["auth", "status", "--bogus"],
      ["task", "get"],
      ["task", "list", "--limit", "5"],
      ["nosuch"],
      ["--version"],
    ]
  ) {
    assert.equal(await runDirect(words, none), undefined, words.join(" "));
  }
  assert.deepEqual(outcome, {});
  let printed = "";
  const io = { stdout: { write: (text: string) => void (printed += text) }, stderr: quiet };
  const code = await runDirect(["version"], {
    deps: { io } as unknown as Deps,
    globals: {},
    outcome,
  });
  assert.equal(code, 0);
  assert.match(printed, /^torale \d+\.\d+\.\d+/);
  assert.deepEqual(outcome, {});
});
