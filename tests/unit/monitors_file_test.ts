/** The monitors file parser (src/commands/monitors/file.ts) on the README's example and on JSON. */
import assert from "node:assert/strict";
import { parseMonitorFile } from "../../src/commands/monitors/file.ts";

Deno.test("the README's torale.yaml example is a valid monitors file", async () => {
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const section = readme.slice(readme.indexOf("## Monitors as code"));
  const example = /```yaml\n([\s\S]*?)```/.exec(section)![1];
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
