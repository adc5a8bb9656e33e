import assert from "node:assert/strict";
import { dedent } from "./dedent.ts";

Deno.test("dedent removes the shared indentation and ends with the closing line's break", () => {
  assert.equal(
    dedent`
      Answer:
        indented by two
      last
    `,
    "Answer:\n  indented by two\nlast\n",
  );
});

Deno.test("dedent keeps blank lines empty and ignores them when measuring indentation", () => {
  assert.equal(dedent`\n    a\n\n      \n    b\n  `, "a\n\n\nb\n");
});

Deno.test("dedent inserts values after dedenting, so their line breaks stay as they are", () => {
  const value = "x\n      y";
  assert.equal(
    dedent`
      first ${value}
      ${1} then ${"\u0041"}
    `,
    "first x\n      y\n1 then A\n",
  );
});

Deno.test("dedent leaves a one-line template, and text right before the backtick, alone", () => {
  assert.equal(dedent`one line`, "one line");
  assert.equal(
    dedent`
      no final break`,
    "no final break",
  );
});
