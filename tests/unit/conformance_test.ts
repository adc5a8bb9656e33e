/** The conformance tool's pure parts: normalising answers, diffing them, sorting differences. */
import assert from "node:assert/strict";
import {
  normaliseOutcome,
  normaliseText,
  normaliseValue,
  type SideContext,
} from "../../scripts/conformance/normalise.ts";
import {
  compareStep,
  diffValues,
  type Expectation,
  explain,
  renderReport,
} from "../../scripts/conformance/diff.ts";
import { fill, pick } from "../../scripts/conformance/runner.ts";
import { EXPECTED } from "../../scripts/conformance/expected.ts";
import { SCRIPT } from "../../scripts/conformance/main.ts";

const TASK = "3f2b8c1e-0d4a-4e8b-9c1d-2a3b4c5d6e7f";
const SIDE: SideContext = { baseUrl: "http://127.0.0.1:18700", vars: { task1: TASK } };

Deno.test("normaliseText names saved ids, then hides other ids, times, keys, ports and durations", () => {
  const text =
    `task ${TASK} run 11111111-2222-4333-8444-555555555555 at 2026-12-05T08:23:35.123Z ` +
    `key sk_${"a".repeat(43)} prefix sk_abcdefghijkl... masked sk_...YO5Bc ` +
    `url http://127.0.0.1:18700/api and localhost:8000, took 600 ms, 2 minutes ago`;
  assert.equal(
    normaliseText(text, SIDE),
    "task <task1> run <uuid> at <time> key <key> prefix <key-prefix> masked sk_...<masked> " +
      "url <server>/api and <loopback>, took <duration>, <relative-time>",
  );
});

Deno.test("normaliseText names a saved id's 8-character short form", () => {
  assert.equal(
    normaliseText(`~ update "x" (${TASK.slice(0, 8)}) 3f2b8c1ex`, SIDE),
    '~ update "x" (<task1:short>) 3f2b8c1ex',
  );
});

Deno.test("normaliseText hides 43-character tokens (webhook secrets) and RFC 2822 dates", () => {
  const secret = "Abcdefghij_klmnopqrst-uvwxyz0123456789ABCDE";
  assert.equal(secret.length, 43);
  assert.equal(
    normaliseText(`${secret} on Sat, 05 Dec 2026 08:23:35 +0000`, SIDE),
    "<token> on <date>",
  );
});

Deno.test("normaliseValue keeps the shape and turns volatile counters into <n>", () => {
  const value = { id: TASK, capacity: { current_users: 7, max_users: 100 }, list: [1, "x"] };
  assert.deepEqual(normaliseValue(value, SIDE), {
    id: "<task1>",
    capacity: { current_users: "<n>", max_users: 100 },
    list: [1, "x"],
  });
});

Deno.test("normaliseText hides the user counts of `public stats` text, not the capacity", () => {
  assert.equal(
    normaliseText("Users:       3\nCapacity:    100\nPlaces left: 97", SIDE),
    "Users:       <n>\nCapacity:    100\nPlaces left: <n>",
  );
});

Deno.test("normaliseOutcome normalises headers, body and stderr alike", () => {
  const outcome = normaliseOutcome({
    status: 307,
    headers: { location: "http://127.0.0.1:18700/api/v1/tasks/" },
    body: null,
    stderr: `Error: Task "${TASK}" not found`,
  }, SIDE);
  assert.deepEqual(outcome, {
    status: 307,
    headers: { location: "<server>/api/v1/tasks/" },
    body: null,
    stderr: 'Error: Task "<task1>" not found',
  });
});

Deno.test("diffValues reports each differing leaf by path, missing keys and lengths", () => {
  assert.deepEqual(diffValues({ a: 1, b: [1, 2] }, { a: 1, b: [1, 2] }, "body"), []);
  assert.deepEqual(diffValues({ a: 1, b: [1] }, { a: 2, b: [1, 3], c: null }, "body"), [
    { path: "body.a", a: 1, b: 2 },
    { path: "body.b.length", a: 1, b: 2 },
    { path: "body.b[1]", a: undefined, b: 3 },
    { path: "body.c", a: undefined, b: null },
  ]);
});

Deno.test("diffValues reports key order only when the values agree", () => {
  assert.deepEqual(diffValues({ x: 1, y: 2 }, { y: 2, x: 1 }, "body"), [
    { path: "body{key order}", a: ["x", "y"], b: ["y", "x"] },
  ]);
});

Deno.test("diffValues compares multi-line text line by line", () => {
  assert.deepEqual(diffValues("ID\nState: active\nend", "ID\nState: paused\nend", "body"), [
    { path: "body:2", a: "State: active", b: "State: paused" },
  ]);
});

Deno.test("explain matches step globs, path prefixes and the generation", () => {
  const rules: Expectation[] = [
    { step: "classic: *", generation: "classic", kind: "stub", reason: "r1" },
    { step: "get task", path: "body.detail", kind: "upstream-bug", reason: "r2" },
  ];
  const diff = (path: string) => ({ path, a: 1, b: 2 });
  assert.equal(explain(rules, "classic: run", diff("status"), "classic")?.reason, "r1");
  assert.equal(explain(rules, "classic: run", diff("status"), "current"), undefined);
  assert.equal(explain(rules, "get task", diff("body.detail[0].msg"), "current")?.reason, "r2");
  assert.equal(explain(rules, "get task", diff("body.details"), "current"), undefined);
  assert.equal(explain(rules, "get task", diff("status"), "current"), undefined);
});

Deno.test("compareStep sorts differences and renderReport counts the steps", () => {
  const rules: Expectation[] = [{ step: "a", path: "status", kind: "stub", reason: "why" }];
  const same = { status: 200, headers: {}, body: { x: 1 } };
  const reports = [
    compareStep("a", same, { ...same, status: 500 }, {
      expectations: rules,
      generation: "current",
    }),
    compareStep("b", same, { ...same, body: { x: 2 } }, {
      expectations: rules,
      generation: "current",
    }),
    compareStep("c", same, same, { expectations: rules, generation: "current" }),
  ];
  assert.deepEqual(reports.map((r) => [r.expected.length, r.unexpected.length]), [
    [1, 0],
    [0, 1],
    [0, 0],
  ]);
  const text = renderReport(reports, { a: "A", b: "B" });
  assert.match(text, /✗ b\n {4}body\.x\n {6}A: 1\n {6}B: 2/);
  assert.match(text, /~ a: \[stub\] why/);
  assert.match(text, /3 steps: 1 identical, 1 with expected differences only, 1 with unexpected/);
});

Deno.test("pick and fill read saved values and put them into requests", () => {
  assert.equal(pick([{ id: "x" }], "0.id"), "x");
  assert.equal(pick({ key_info: { id: "k" } }, "key_info.id"), "k");
  assert.equal(pick(null, "id"), undefined);
  assert.equal(fill("/api/v1/tasks/{task1}/fork", { task1: "t" }), "/api/v1/tasks/t/fork");
  assert.throws(() => fill("{nope}", {}), /unset variable nope/);
});

Deno.test("the script's step names are unique and every expectation has a reason", () => {
  const names = SCRIPT.map((step) => step.name);
  assert.equal(new Set(names).size, names.length);
  for (const rule of EXPECTED) assert.ok(rule.reason.length > 10, rule.step);
});
