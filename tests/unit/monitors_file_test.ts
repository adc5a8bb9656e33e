/** The monitors file parser (src/commands/monitors/file.ts) on the README's example and on JSON. */
import assert from "node:assert/strict";
import { parseMonitorFile } from "../../src/commands/monitors/file.ts";

Deno.test("the monitors guide's torale.yaml example is a valid monitors file", async () => {
  const guide = await Deno.readTextFile(
    new URL("../../docs/guide/monitors.md", import.meta.url),
  );
  const example = /```yaml\n([\s\S]*?)```/.exec(guide)![1];
  const file = await parseMonitorFile(example, "torale.yaml");
  assert.deepEqual(file.tasks, [{
    name: "iPhone event",
    query: "When is the next iPhone launch event?",
    condition: "A date has been announced",
    state: "active",
    notify: { email: "alerts@example.com", webhook: "https://hooks.example.com/torale" },
    schedule: "0 9 * * *",
    notify_behavior: "always",
    context: { team: "platform" },
  }]);
});

Deno.test("JSON is read too, with the same checks and positions", async () => {
  const ok = await parseMonitorFile(
    '{"version": 1, "tasks": {"A": {"query": "q", "condition": "c", "state": "paused"}}}',
    "t.json",
  );
  assert.deepEqual(ok.tasks, [{
    name: "A",
    query: "q",
    condition: "c",
    state: "paused",
    notify: {},
  }]);
  await assert.rejects(
    parseMonitorFile(
      '{\n  "version": 1,\n  "tasks": {"A": {"query": "q", "condition": "c", "sate": "x"}}\n}',
      "t.json",
    ),
    { message: 't.json:3:51: tasks."A".sate: unknown field (did you mean "state"?)' },
  );
  assert.deepEqual((await parseMonitorFile("version: 1\n", "empty.yaml")).tasks, []);
});

Deno.test("values are kept exactly as written, so an exported task plans as unchanged", async () => {
  const file = await parseMonitorFile(
    'version: 1\ntasks:\n  A: {query: "  spaced query ", condition: "c\\n"}\n',
    "t.yaml",
  );
  assert.equal(file.tasks[0].query, "  spaced query ");
  assert.equal(file.tasks[0].condition, "c\n");
});

Deno.test('task names are plain text, each once: 1 and "1" are the same name', async () => {
  const cases: [string, string][] = [
    [
      'version: 1\ntasks:\n  1: {query: q, condition: c}\n  "1": {query: q, condition: c}\n',
      't.yaml:4:3: tasks: the name "1" is given twice',
    ],
    [
      'version: 1\ntasks:\n  true: {query: q, condition: c}\n  "true": {query: q, condition: c}\n',
      't.yaml:4:3: tasks: the name "true" is given twice',
    ],
    [
      "version: 1\ntasks:\n  ? [a]\n  : {query: q, condition: c}\n",
      "t.yaml:3:5: a name or field must be plain text, not a list or mapping",
    ],
    [
      "version: 1\ntasks:\n  : {query: q, condition: c}\n",
      "t.yaml:3:3: tasks: a task name must not be empty",
    ],
    [
      "%YAML 1.1\n---\nversion: 1\ntasks:\n  A:\n    <<: {query: q}\n    condition: c\n",
      "t.yaml:6:5: merge keys (<<) are not supported: write the fields out",
    ],
    [
      "version: 1\ntasks:\n  base: &b {query: a, condition: b}\n  <<: *b\n",
      "t.yaml:4:3: merge keys (<<) are not supported: write the fields out",
    ],
    [
      "version: 1\ntasks:\n  A:\n    <<: {query: q}\n    condition: c\n",
      "t.yaml:4:5: merge keys (<<) are not supported: write the fields out",
    ],
  ];
  for (const [text, message] of cases) {
    await assert.rejects(parseMonitorFile(text, "t.yaml"), { message });
  }
  // A number is a name like any other when it is given once.
  const ok = await parseMonitorFile("version: 1\ntasks:\n  2026: {query: q, condition: c}\n", "t");
  assert.equal(ok.tasks[0].name, "2026");
});

Deno.test("aliases stand for what their anchor marks, in values, bodies and contexts", async () => {
  const file = await parseMonitorFile(
    [
      "version: 1",
      "tasks:",
      "  A: &body",
      "    query: &q hello",
      "    condition: *q",
      "    context: {x: *q, list: [*q]}",
      "  B: *body",
    ].join("\n"),
    "t.yaml",
  );
  assert.deepEqual(
    file.tasks.map(({ name, query, condition, context }) => ({
      name,
      query,
      condition,
      context,
    })),
    [
      { name: "A", query: "hello", condition: "hello", context: { x: "hello", list: ["hello"] } },
      { name: "B", query: "hello", condition: "hello", context: { x: "hello", list: ["hello"] } },
    ],
  );
});

Deno.test("values the service would refuse or never read back are refused in the file", async () => {
  const deep = `{a: ${"{a: ".repeat(64)}1${"}".repeat(64)}}`;
  const cases: [string, RegExp][] = [
    [`A: {query: q, condition: c, context: ${deep}}`, /context: nests more than 64 levels deep/],
    [
      "A: {query: q, condition: c, schedule: bogus}",
      /schedule: "bogus" is not a cron schedule: expected 5 fields/,
    ],
    ['A: {query: q, condition: c, schedule: "0 0 31 2 *"}', /schedule: .* it never fires/],
    [
      'A: {query: q, condition: c, notify: {webhook: "https://"}}',
      /notify\.webhook: must be an https:\/\/ URL/,
    ],
    [
      'A: {query: q, condition: c, notify: {webhook: " https://x.example.com"}}',
      /notify\.webhook: must not start or end with spaces/,
    ],
  ];
  for (const [task, message] of cases) {
    await assert.rejects(parseMonitorFile(`version: 1\ntasks:\n  ${task}\n`, "t.yaml"), message);
  }
  // An alias inside itself is endless nesting, and aliases that multiply are refused by yaml:
  // both clean usage errors, not a crash.
  await assert.rejects(
    parseMonitorFile(
      "version: 1\ntasks:\n  A: {query: q, condition: c, context: &c {x: *c}}\n",
      "t",
    ),
    /context: nests more than 64 levels deep/,
  );
  const laughs = ["a: &a [x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 9; i++) {
    const [prev, cur] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
    laughs.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(", ")}]`);
  }
  await assert.rejects(
    parseMonitorFile(
      `version: 1\ntasks:\n  A:\n    query: q\n    condition: c\n    context:\n${
        laughs.map((line) => `      ${line}`).join("\n")
      }\n`,
      "t.yaml",
    ),
    /t\.yaml:7:7: tasks\."A"\.context: Excessive alias count/,
  );
  // An empty context is no context: the service keeps none either way.
  const empty = await parseMonitorFile(
    "version: 1\ntasks:\n  A: {query: q, condition: c, context: {}}\n",
    "t",
  );
  assert.equal("context" in empty.tasks[0], false);
  // A syntax error is not blamed on duplicate names.
  await assert.rejects(
    parseMonitorFile("version: 1\ntasks:\n  A: {query: q\n", "t.yaml"),
    (error: Error & { hints: string[] }) => {
      assert.deepEqual(error.hints, ["Check the YAML syntax there."]);
      return true;
    },
  );
});

Deno.test("a task name YAML reads as other than what was written is refused, not renamed", async () => {
  const cases: [string, string][] = [
    ["007", "the number 7"],
    ["3.10", "the number 3.1"],
    ["0x10", "the number 16"],
    ["1e3", "the number 1000"],
    ["-0", "the number 0"],
    [".inf", "the number Infinity"],
    ["TRUE", "the boolean true"],
    ["~", "null"],
  ];
  for (const [written, read] of cases) {
    await assert.rejects(
      parseMonitorFile(`version: 1\ntasks:\n  ${written}: {query: q, condition: c}\n`, "t.yaml"),
      {
        message:
          `t.yaml:3:3: "${written}" is read by YAML as ${read}, not as the text written: quote it ("${written}":) to use it as a name`,
      },
      written,
    );
  }
  const names = await parseMonitorFile(
    [
      "version: 1",
      "tasks:",
      "  '007': {query: q, condition: c}",
      '  "3.10": {query: q, condition: c}',
      "  2026: {query: q, condition: c}",
      "  true: {query: q, condition: c}",
      "  null: {query: q, condition: c}",
      "",
    ].join("\n"),
    "t.yaml",
  );
  assert.deepEqual(names.tasks.map((task) => task.name), ["007", "3.10", "2026", "true", "null"]);
});

Deno.test("a webhook's https:// is lower case, as the service checks that prefix exactly", async () => {
  await assert.rejects(
    parseMonitorFile(
      "version: 1\ntasks:\n  A: {query: q, condition: c, notify: {webhook: HTTPS://h.example/x}}\n",
      "t.yaml",
    ),
    {
      message:
        't.yaml:3:49: tasks."A".notify.webhook: must start with https:// in lower case: the service checks that prefix exactly',
    },
  );
});

Deno.test("text the service cannot store is refused where it is, keys of a context too", async () => {
  await assert.rejects(
    parseMonitorFile('version: 1\ntasks:\n  A: {query: "a\\0", condition: c}\n', "t.yaml"),
    {
      message:
        't.yaml:3:14: tasks."A".query: contains a NUL character (U+0000), which the service cannot store',
    },
  );
  await assert.rejects(
    parseMonitorFile(
      'version: 1\ntasks:\n  A: {query: q, condition: c, context: {k: ["\\uD800"]}}\n',
      "t.yaml",
    ),
    { message: /^t\.yaml:3:40: tasks\."A"\.context\."k"\[0\]: contains a lone surrogate/ },
  );
});
