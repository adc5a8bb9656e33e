/** Display widths and table fitting (src/output/table.ts, width.ts), what a terminal shows. */
import assert from "node:assert/strict";
import { type Column, labelled, renderTable } from "../../src/output/table.ts";
import { displayWidth, truncate } from "../../src/output/width.ts";
import { wrapText } from "../../src/output/wrap.ts";

Deno.test("display width counts what a terminal shows, per grapheme", () => {
  const cases: [string, number][] = [
    ["plain", 5],
    ["日本語", 6],
    ["⭐⚡✅☕⌚", 10], // emoji presentation outside the emoji blocks
    ["🫠🟠🀄", 6],
    ["🅰️", 2], // a text symbol with VS16 is shown as an emoji
    ["❤", 1], // without it, it is text
    ["👍🏽", 2], // a skin tone joins its emoji
    ["👨‍👩‍👧", 2], // a ZWJ family is one emoji
    ["🇫🇷", 2], // a flag
    ["zero\u200b\u200b\u200bwidth", 9],
    ["\u2060\ufeff", 0],
    ["ไทย", 3],
    ["น้ำ", 2], // a Thai base, a mark (none) and a vowel (one), as wcwidth counts
    ["नमस्ते", 4], // Devanagari: the virama and vowel sign take no column
    ["e\u0301", 1],
  ];
  for (const [text, width] of cases) assert.equal(displayWidth(text), width, JSON.stringify(text));
});

Deno.test("text is cut between graphemes, never inside one", () => {
  assert.equal(truncate("👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧", 5), "👨‍👩‍👧👨‍👩‍👧…");
  assert.equal(truncate("👍🏽👍🏽👍🏽", 4), "👍🏽…");
  assert.equal(truncate("abcdef", 4), "abc…");
  assert.equal(truncate("abc", 4), "abc");
});

const lines = (text: string) => text.trimEnd().split("\n");

/** The columns `task list` asks for on the current API (src/commands/task/render.ts). */
const TASK_LIST_COLUMNS: Column[] = [
  { header: "ID" },
  { header: "NAME", shrink: true, min: 24 },
  { header: "STATE" },
  { header: "NEXT RUN", drop: 1 },
  { header: "MET" },
  { header: "LAST RUN", drop: 2 },
];

Deno.test("a dropped column gives its room back to the names cut for it", () => {
  // task list's columns at 80: the name would be cut to 23 with LAST RUN, so LAST RUN goes.
  const columns = TASK_LIST_COLUMNS;
  const name = "Spinner test with a failing condition, long";
  const table = renderTable(
    columns,
    [["0a3ccf28", name, "active", "in 24 h", "yes", "less than a minute ago"]],
    { terminal: true, width: 80 },
  );
  for (const line of lines(table)) assert.ok(displayWidth(line) <= 80, line);
  assert.ok(!table.includes("LAST RUN"), table);
  assert.ok(table.includes(name), table);
});

Deno.test("columns that cannot shrink are cut too rather than overflow the terminal", () => {
  const columns: Column[] = [
    { header: "PROFILE" },
    { header: "KEY" },
    { header: "STORED IN" },
    { header: "API URL", shrink: true },
  ];
  const table = renderTable(
    columns,
    [["a-profile-name-of-32-characters-", "sk_...RLY0Y", "file", "https://api.torale.ai"]],
    { terminal: true, width: 60 },
  );
  for (const line of lines(table)) {
    assert.ok(displayWidth(line) <= 60, `${line} (${displayWidth(line)})`);
  }
});

Deno.test("rows with emoji, zero-width and combining marks line up", () => {
  const columns: Column[] = [{ header: "NAME", shrink: true }, { header: "STATE" }];
  const names = ["plain", "⭐⚡✅ stars", "zero\u200bwidth", "👍🏽 thumbs", "नमस्ते"];
  const table = renderTable(columns, names.map((name) => [name, "active"]), {
    terminal: true,
    width: 40,
  });
  const starts = lines(table).slice(1).map((line) =>
    displayWidth(line.slice(0, line.indexOf("active")))
  );
  assert.equal(new Set(starts).size, 1, table);
});

Deno.test("a long value wraps at spaces and continues under itself", () => {
  const answer = "Apple has announced its next iPhone event for September 9 at Apple Park.";
  assert.equal(
    labelled("Answer", answer, 15, 30),
    [
      "Answer:        Apple has announced its next",
      "               iPhone event for September 9",
      "               at Apple Park.",
    ].join("\n"),
  );
  // Its own line breaks are kept; a word longer than the room is cut between graphemes.
  assert.deepEqual(wrapText("one\ntwo", 20), ["one", "two"]);
  assert.deepEqual(wrapText("日本語日本語日本語日本語", 8), ["日本語日", "本語日本", "語日本語"]);
  // Without room (piped, --wide) the value stays on one line.
  assert.equal(labelled("Answer", answer, 15), `Answer:        ${answer}`);
});

Deno.test("an id or URL longer than the room stays whole, so it can be copied", () => {
  const id = "3811bab3-9426-479b-bb58-7adc6aca52e0";
  assert.equal(labelled("Execution", id, 15, 30), `Execution:     ${id}`);
  assert.deepEqual(wrapText(`see ${id} now`, 20), ["see", id, "now"]);
});

Deno.test("narrow terminals: task list's columns fit 25 and 30 columns; decomposed Hangul; spaces", () => {
  const columns = TASK_LIST_COLUMNS;
  const row = ["0a3ccf28", "A task with a long name", "active", "in 24 h", "yes", "2 h ago"];
  for (const width of [25, 30]) {
    const table = renderTable(columns, [row], { terminal: true, width });
    for (const line of lines(table)) assert.ok(displayWidth(line) <= width, `${width}: ${line}`);
  }
  assert.equal(displayWidth("\u1100\u1161"), 2);
  assert.deepEqual(wrapText("abc  ", 3), ["abc"]);
  assert.deepEqual(wrapText("   indented text here", 8), ["indented", "text", "here"]);
  assert.deepEqual(wrapText("", 8), [""]);
});

Deno.test("a table of 200,000 rows renders on a terminal: no spread of the rows", () => {
  const rows = Array.from({ length: 200_000 }, (_, i) => [`id${i}`, `name ${i}`]);
  const columns: Column[] = [{ header: "ID" }, { header: "NAME" }];
  const text = renderTable(columns, rows, { terminal: true, width: 80 });
  assert.equal(text.split("\n").length, 200_002);
  assert.match(text, /^ID +NAME\n/);
});
