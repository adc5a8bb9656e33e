/** Contract tests of the local API's runs: execute, the worker, run lists and the scheduler (§3.2, §4.2, §4.6). */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { client, created, type Json, sleep, waitFor } from "./client.ts";

/** The canned answer for TASK's query: the condition is met, with one source. */
const OUT_NOW = {
  answer: "Out now",
  condition_met: true,
  sources: [{ url: "https://x.example/a" }],
};

Deno.test("execute: pending, then running and success within a second; the task is updated", async () => {
  await using local = await startTestApi({ results: { "rust 2.0 release": OUT_NOW } });
  const api = client(local, local.key);
  const task = await created(local, { notify_behavior: "always" });
  const started = await api("POST", `/api/v1/tasks/${task.id}/execute`);
  assert.equal(started.status, 200);
  assert.equal(started.json.status, "pending");
  assert.deepEqual(Object.keys(started.json), [
    "task_id",
    "status",
    "result",
    "error_message",
    "condition_met",
    "change_summary",
    "grounding_sources",
    "id",
    "started_at",
    "completed_at",
    "created_at",
  ]);
  const seen = new Set<string>();
  const done = await waitFor(async () => {
    const [run] = (await api("GET", `/api/v1/tasks/${task.id}/executions`)).json;
    seen.add(run.status);
    return run.status === "success" ? run : undefined;
  });
  assert(seen.has("success"));
  assert.equal(done.condition_met, true);
  assert.equal(done.result.answer, "Out now");
  assert.deepEqual(done.grounding_sources, [{ url: "https://x.example/a", title: "x.example" }]);
  assert.notEqual(done.completed_at, null);
  const after = (await api("GET", `/api/v1/tasks/${task.id}`)).json;
  assert.equal(after.last_execution_id, done.id);
  assert.equal(after.condition_met, true);
  assert.equal(after.state, "active", "always never completes the task");
  assert.equal(after.last_execution.id, done.id);
  assert.equal(after.last_execution.created_at, null, "the embedded copy has no created_at");
  const met = (await api("GET", `/api/v1/tasks/${task.id}/notifications`)).json;
  assert.equal(met.length, 1);
});

Deno.test("notify_behavior once completes the task when the condition is met; run_immediately runs it", async () => {
  await using local = await startTestApi({
    results: { "*": { answer: "yes", condition_met: true } },
  });
  const api = client(local, local.key);
  const task = await created(local, { run_immediately: true });
  const completed = await waitFor(async () => {
    const now = (await api("GET", `/api/v1/tasks/${task.id}`)).json;
    return now.state === "completed" ? now : undefined;
  });
  assert.equal(completed.condition_met, true);
  assert.notEqual(completed.last_notified_at, null);
});

Deno.test("a run on a paused task stays pending; a canned error fails the run", async () => {
  await using local = await startTestApi({
    results: { "broken query": { answer: "", condition_met: false, error: "executor exploded" } },
  });
  const api = client(local, local.key);
  const paused = await created(local, { state: "paused" });
  await api("POST", `/api/v1/tasks/${paused.id}/execute`);
  await sleep(150);
  assert.equal(
    (await api("GET", `/api/v1/tasks/${paused.id}/executions`)).json[0].status,
    "pending",
  );
  const broken = await created(local, { search_query: "broken query" });
  await api("POST", `/api/v1/tasks/${broken.id}/execute`);
  const failed = await waitFor(async () => {
    const [run] = (await api("GET", `/api/v1/tasks/${broken.id}/executions`)).json;
    return run.status === "failed" ? run : undefined;
  });
  assert.equal(failed.error_message, "executor exploded");
});

Deno.test("executions: newest first, limit, int_parsing 422", async () => {
  await using local = await startTestApi();
  const api = client(local, local.key);
  const task = await created(local, { notify_behavior: "always" });
  const ids = [];
  for (let i = 0; i < 3; i++) {
    ids.push((await api("POST", `/api/v1/tasks/${task.id}/execute`)).json.id);
    await sleep(3);
  }
  const runs = (await api("GET", `/api/v1/tasks/${task.id}/executions?limit=2`)).json;
  assert.deepEqual(runs.map((r: Json) => r.id), [ids[2], ids[1]]);
  const bad = await api("GET", `/api/v1/tasks/${task.id}/executions?limit=abc`);
  assert.equal(bad.status, 422);
  assert.equal(bad.json.detail[0].type, "int_parsing");
});

Deno.test("the scheduler runs active tasks whose cron came due, and only those", async () => {
  await using local = await startTestApi();
  const active = await created(local, { schedule: "* * * * *", notify_behavior: "always" });
  const paused = await created(local, { schedule: "* * * * *", state: "paused" });
  // A fixed creation time, so that a test started at hh:mm:59.999 cannot see a minute pass.
  local.api.db.prepare("UPDATE tasks SET created_at = ?").run("2026-01-01T00:00:30.250000Z");
  const creationMinute = new Date("2026-01-01T00:00:59.999Z");
  assert.equal(
    local.api.runDueTasks(creationMinute),
    0,
    "nothing is due within the creation minute",
  );
  const later = new Date("2026-01-01T00:01:00Z");
  assert.equal(local.api.runDueTasks(later), 1);
  assert.equal(local.api.runDueTasks(later), 0, "a due run starts once");
  const api = client(local, local.key);
  const runs = (await api("GET", `/api/v1/tasks/${active.id}/executions`)).json;
  assert.equal(runs.length, 1);
  assert.equal((await api("GET", `/api/v1/tasks/${paused.id}/executions`)).json.length, 0);
});
