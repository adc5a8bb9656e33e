/** --json and --yaml (src/output/render.ts): exact data, nothing a terminal would obey. */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { renderData } from "../../src/output/render.ts";
import { filterJson } from "../../src/output/jq.ts";

const value = {
  name: "csi\u009b31m red",
  rtl: "abc\u202etxt.exe",
  del: "a\u007fb",
  lines: "one\u2028two",
  "key\u2066": ["list\u0085item", 1, true, null],
  multi: "line one\nline two \u200f",
};
const RAW = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

Deno.test("--json writes C1 controls, bidi characters and separators as \\u escapes", async () => {
  const text = await renderData(value, "json");
  assert.doesNotMatch(text, RAW);
  assert.deepEqual(JSON.parse(text), value);
  assert.match(text, /"csi\\u009b31m red"/);
});

Deno.test("--yaml double-quotes such strings and escapes the characters: the same data", async () => {
  const text = await renderData(value, "yaml");
  assert.doesNotMatch(text, RAW);
  assert.deepEqual(parse(text), value);
  // Strings without them keep their usual style.
  assert.equal(
    await renderData({ a: "plain", b: "two\nlines" }, "yaml"),
    "a: plain\nb: |-\n  two\n  lines\n",
  );
});

Deno.test("--jq results that are not strings are escaped the same way on a terminal only", async () => {
  const terminal = await filterJson(JSON.stringify([value]), ".[0]", { terminal: true });
  assert.doesNotMatch(terminal.stdout, RAW);
  assert.deepEqual(JSON.parse(terminal.stdout), value);
  // Piped, jq's own bytes: it writes these characters raw.
  const piped = await filterJson(JSON.stringify([value]), ".[0]", { terminal: false });
  assert.match(piped.stdout, RAW);
  assert.deepEqual(JSON.parse(piped.stdout), value);
});
