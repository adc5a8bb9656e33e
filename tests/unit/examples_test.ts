/** How a documented example's line is read: its words, its trailing comment, what it expects. */
import assert from "node:assert/strict";
import { expectationOf, plainWords, shellBlocks, trailingComment } from "../helpers/examples.ts";

Deno.test("a plain line's words drop quotes and the trailing comment", () => {
  assert.deepEqual(
    plainWords(`torale task create -q "Price of X" -c 'Below $100'   # a comment`),
    ["torale", "task", "create", "-q", "Price of X", "-c", "Below $100"],
  );
  assert.deepEqual(plainWords('torale task get 3f2c --jq "#x"'), [
    "torale",
    "task",
    "get",
    "3f2c",
    "--jq",
    "#x",
  ]);
});

Deno.test("a line that needs a shell has no plain words", () => {
  for (
    const line of [
      "torale task list --json | jq -r '.[].id'",
      'echo "$KEY" | torale auth set-api-key',
      "TORALE_NOAUTH=1 torale task list",
      "torale schema > torale.schema.json",
      "torale task execute 3f2c && torale task logs 3f2c",
      'torale api "/api/v1/tasks/$ID"',
      "source <(torale completions bash)",
    ]
  ) assert.equal(plainWords(line), undefined, line);
});

Deno.test("the trailing comment says the generation, the exit code and Ctrl-C", () => {
  assert.equal(trailingComment(`torale x -c 'a # b'   # real`), "real");
  assert.equal(trailingComment("torale x --jq '.#'"), "");
  assert.deepEqual(expectationOf(["torale task list"]), {
    generation: "current",
    exit: 0,
    untilInterrupt: false,
  });
  assert.deepEqual(
    expectationOf(["torale task preview -q x   # (classic API only)"]).generation,
    "classic",
  );
  assert.equal(expectationOf(["torale auth keys create k   # exits 1 while …"]).exit, 1);
  assert.equal(expectationOf(["torale webhook listen   # until Ctrl-C"]).untilInterrupt, true);
});

Deno.test("a docs block's markers are the comments just above it, blank lines between", () => {
  const text = [
    "Prose.",
    "",
    "<!-- not-run: a synopsis -->",
    "",
    "```bash",
    "torale task list [--active]",
    "```",
    "<!-- generation: classic -->",
    "<!-- exit: 3 -->",
    "```sh",
    "torale plan -f torale.yaml --detailed-exitcode",
    "```",
    "```bash",
    "torale task list",
    "```",
    "```json",
    "{}",
    "```",
  ].join("\n");
  const blocks = shellBlocks("x.md", text);
  assert.deepEqual(
    blocks.map(({ line, skip, generation, exit }) => ({ line, skip, generation, exit })),
    [
      { line: 5, skip: "a synopsis", generation: "current", exit: 0 },
      { line: 10, skip: undefined, generation: "classic", exit: 3 },
      { line: 13, skip: undefined, generation: "current", exit: 0 },
    ],
  );
  assert.equal(blocks[2].script, "torale task list");
});
