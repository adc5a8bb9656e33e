/** `torale task list` against the local API, in-process: filters, formats and terminal tables. */
import assert from "node:assert/strict";
import type { Task } from "../../src/api/types.ts";
import { startTestApi } from "../helpers/api.ts";
import { runNoAuth, runWithKey } from "../helpers/cli.ts";
import { apiTasks, createTask } from "../helpers/tasks.ts";

Deno.test("task list: empty, tab-separated off a terminal, filters and --limit", async () => {
  await using t = await startTestApi();
  const empty = await runWithKey(t, ["task", "list"]);
  assert.equal(empty.stdout, "No tasks found.\n");
  const a = await createTask(t, ["-n", "first"]);
  const b = await createTask(t, ["-n", "second", "--paused"]);
  const table = await runWithKey(t, ["task", "list"]);
  const lines = table.stdout.trimEnd().split("\n");
  assert.equal(lines[0], "ID\tNAME\tSTATE\tSCHEDULE\tCONDITION MET\tLAST RUN");
  assert.equal(lines[1], `${b.id}\tsecond\tpaused\t0 9 * * *\tno\t-`);
  assert.equal(lines[2], `${a.id}\tfirst\tactive\t0 9 * * *\tno\t-`);
  assert(!table.stdout.includes("\x1b["), "no colour off a terminal");
  const paused = JSON.parse((await runWithKey(t, ["task", "list", "--paused", "--json"])).stdout);
  assert.deepEqual(paused.map((x: Task) => x.id), [b.id]);
  const active = JSON.parse((await runWithKey(t, ["task", "list", "--active", "--json"])).stdout);
  assert.deepEqual(active.map((x: Task) => x.id), [a.id]);
  const limited = JSON.parse(
    (await runWithKey(t, ["task", "list", "--limit", "1", "--json"])).stdout,
  );
  assert.equal(limited.length, 1);
  const both = await runWithKey(t, ["task", "list", "--active", "--paused"]);
  assert.equal(both.code, 2);
  const badLimit = await runWithKey(t, ["task", "list", "--limit", "0"]);
  assert.equal(badLimit.code, 2);
});

Deno.test("task list --json and --yaml print exactly what the API returned", async () => {
  await using t = await startTestApi();
  await createTask(t);
  await createTask(t, ["-n", "two"]);
  const fromApi = await apiTasks(t);
  const listed = JSON.parse((await runWithKey(t, ["task", "list", "--json"])).stdout);
  assert.deepEqual(listed, fromApi);
  const { parse } = await import("yaml");
  assert.deepEqual(parse((await runWithKey(t, ["task", "list", "--yaml"])).stdout), fromApi);
  // The docs' script: torale task list --json | jq -r '.[].id'
  assert.deepEqual(listed.map((task: Task) => task.id), fromApi.map((task) => task.id));
});

Deno.test("task list on a terminal fits the width, cutting long names with … by display width", async () => {
  await using t = await startTestApi();
  await createTask(t, ["-n", "日本語のとても長いタスク名前です日本語のとても長いタスク名前です"]);
  await createTask(t, ["-n", "🚀 rocket launch watcher with a very very long descriptive name"]);
  const coloured = await runWithKey(t, ["task", "list"], { stdoutIsTerminal: true, columns: 100 });
  assert(coloured.stdout.startsWith("\x1b[1mID"), "headers are bold on a terminal");
  const result = await runWithKey(t, ["task", "list"], {
    stdoutIsTerminal: true,
    columns: 100,
    env: { NO_COLOR: "1" },
  });
  const { displayWidth } = await import("../../src/output/width.ts");
  const lines = result.stdout.trimEnd().split("\n");
  assert.match(lines[0], /^ID\s+NAME\s+STATE\s+SCHEDULE\s+MET\s+LAST RUN$/);
  for (const line of lines) assert(displayWidth(line) <= 100, `${displayWidth(line)}: ${line}`);
  assert(lines.slice(1).every((line) => line.includes("…")), "long names are cut");
  assert(lines.slice(1).every((line) => /^[0-9a-f-]{8} /.test(line)), "short ids on a terminal");
  const wide = await runWithKey(t, ["task", "list", "--wide"], {
    stdoutIsTerminal: true,
    columns: 100,
    env: { NO_COLOR: "1" },
  });
  assert.match(wide.stdout, /^ID\s+NAME\s+STATE\s+SCHEDULE\s+CONDITION MET\s+LAST RUN$/m);
  assert(wide.stdout.trimEnd().split("\n").slice(1).every((line) => /^[0-9a-f-]{36} /.test(line)));
});

Deno.test("task list with 30 tasks that have run fits 60, 80, 100 and 200 columns, names first", async (t) => {
  const names = [
    "Very long name of a monitor that watches a product launch page",
    "日本語のとても長いタスク名前です日本語のとても長いタスク名前です",
    "🚀🚀 rocket launch watcher with a long descriptive name",
  ];
  const tasks = Array.from({ length: 30 }, (_, i) => ({
    id: `${String(i).padStart(8, "0")}-0000-4000-8000-000000000000`,
    name: `${names[i % 3]} ${i}`,
    state: ["active", "paused", "completed"][i % 3],
    schedule: "0 */6 * * *",
    created_at: "2026-01-01T00:00:00Z",
    last_execution: {
      id: `e${i}`,
      task_id: "x",
      status: "success",
      condition_met: i % 2 === 0,
      started_at: "2026-01-01T09:00:00Z",
    },
  }));
  const { displayWidth } = await import("../../src/output/width.ts");
  for (const columns of [60, 80, 100, 200]) {
    await t.step(`${columns} columns`, async () => {
      const result = await runNoAuth(["task", "list"], {
        fetch: () => Promise.resolve(Response.json(tasks)),
        stdoutIsTerminal: true,
        columns,
        env: { NO_COLOR: "1" },
      });
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.trimEnd().split("\n");
      assert.equal(lines.length, 31);
      for (const line of lines) {
        assert(displayWidth(line) <= columns, `${displayWidth(line)} > ${columns}: ${line}`);
      }
      const start = lines[0].indexOf("NAME");
      for (const line of lines.slice(1)) {
        const shown = line.slice(start).split(/ {2,}/)[0].replace(/…$/, "");
        assert(displayWidth(shown) >= 20, `only "${shown}" of the name is shown at ${columns}`);
      }
    });
  }
});
