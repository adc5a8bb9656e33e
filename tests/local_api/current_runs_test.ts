/**
 * Contract tests of the current generation's runs (torale-api-current.md §3.2, §4.2, §5):
 * execute, the agent's notification and next_run, cancellation, retries and the scheduler.
 */
import assert from "node:assert/strict";
import type { CannedResult } from "../../local_api/server.ts";
import type { TestApi } from "../helpers/api.ts";
import {
  assertAbout,
  client,
  createdCurrent,
  type Json,
  sleep,
  startCurrentApi,
  waitFor,
} from "./client.ts";

const RUN_FIELDS = [
  "task_id",
  "status",
  "result",
  "error_message",
  "notification",
  "grounding_sources",
  "id",
  "started_at",
  "completed_at",
  "created_at",
];

/** Polls the task's newest run until its status is `status`. */
function newestRun(local: TestApi, taskId: unknown, status: string) {
  const api = client(local, local.key);
  return waitFor(async () => {
    const [run] = (await api("GET", `/api/v1/tasks/${taskId}/executions`)).json;
    return run?.status === status ? run : undefined;
  });
}

/** A server answering "q" with `canned`, a task asking "q", and its first manual run. */
async function ranOnce(canned: CannedResult, body: Json = {}) {
  const local = await startCurrentApi({ results: { q: canned } });
  const task = await createdCurrent(local, { search_query: "q", ...body });
  const started = await client(local, local.key)("POST", `/api/v1/tasks/${task.id}/execute`);
  return { local, task, started };
}

Deno.test("current execute: 200 pending, then success with the agent's notification, sources and result", async (t) => {
  const { local, task, started } = await ranOnce({
    answer: "Rust 2.0 is out",
    condition_met: true,
    sources: [{ url: "https://blog.rust-lang.org/2.0", title: "ignored" }],
    next_run: "2030-01-02T03:04:05Z",
  });
  await using _ = local;
  const api = client(local, local.key);
  await t.step("pending, in TaskExecution's field order", () => {
    assert.equal(started.status, 200);
    assert.deepEqual(Object.keys(started.json), RUN_FIELDS);
    assert.deepEqual([started.json.status, started.json.result], ["pending", null]);
  });
  const run = await newestRun(local, task.id, "success");
  await t.step("the run: notification, host titles, §4.2 result with metadata", () => {
    assert.equal(run.id, started.json.id);
    assert.equal(run.notification, "Rust 2.0 is out");
    const sources = [{ url: "https://blog.rust-lang.org/2.0", title: "blog.rust-lang.org" }];
    assert.deepEqual(run.grounding_sources, sources);
    assert.deepEqual(run.result, {
      evidence: "Rust 2.0 is out",
      notification: "Rust 2.0 is out",
      confidence: 90,
      next_run: "2030-01-02T03:04:05+00:00",
      grounding_sources: sources,
      activity: null,
      metadata: { changed: true, current_state: null },
    });
    assert.notEqual(run.completed_at, null);
  });
  await t.step("the task: last run, evidence, and the agent's next_run", async () => {
    const after = (await api("GET", `/api/v1/tasks/${task.id}`)).json;
    assert.equal(after.last_execution_id, run.id);
    assert.deepEqual(after.last_known_state, { evidence: "Rust 2.0 is out" });
    assert.equal(after.next_run, "2030-01-02T03:04:05Z");
    assert.deepEqual(
      [after.last_execution.error_message, after.last_execution.created_at],
      [null, null],
    );
  });
  await t.step("notifications lists it", async () => {
    const listed = (await api("GET", `/api/v1/tasks/${task.id}/notifications`)).json;
    assert.deepEqual(listed.map((r: Json) => r.id), [run.id]);
  });
});

Deno.test("current runs: the notification field is null when the condition is not met, and such runs are no notifications", async () => {
  const { local, task } = await ranOnce({ answer: "Not yet", condition_met: false });
  await using _ = local;
  const before = Date.now();
  const run = await newestRun(local, task.id, "success");
  assert.equal(run.notification, null);
  assert.deepEqual(run.result.metadata, { changed: false, current_state: null });
  const api = client(local, local.key);
  assert.deepEqual((await api("GET", `/api/v1/tasks/${task.id}/notifications`)).json, []);
  const after = (await api("GET", `/api/v1/tasks/${task.id}`)).json;
  assertAbout(after.next_run, before, 24 * 60 * 60 * 1000);
});

Deno.test("current runs: next_run from the agent decides what comes next", async (t) => {
  const cases: { name: string; canned: Partial<CannedResult>; state?: string; want: Json }[] = [
    {
      name: "a past time: a day from now",
      canned: { next_run: "2020-01-01T00:00:00Z" },
      want: { state: "active", nextRunInMs: 24 * 60 * 60 * 1000 },
    },
    {
      name: "a time that does not parse: a day from now, and null in the result",
      canned: { next_run: "soon" },
      want: { state: "active", nextRunInMs: 24 * 60 * 60 * 1000, resultNextRun: null },
    },
    {
      name: "null on an active task: completed, next_run null",
      canned: { next_run: null },
      want: { state: "completed", next_run: null },
    },
    {
      name: "null on a paused task: it stays paused and the run says auto_complete_failed",
      canned: { next_run: null },
      state: "paused",
      want: { state: "paused", auto_complete_failed: true },
    },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      const { local, task } = await ranOnce(
        { answer: "a", condition_met: false, ...c.canned },
        c.state ? { state: c.state } : {},
      );
      await using _ = local;
      const before = Date.now();
      const run = await newestRun(local, task.id, "success");
      const after = (await client(local, local.key)("GET", `/api/v1/tasks/${task.id}`)).json;
      assert.equal(after.state, c.want.state);
      if ("next_run" in c.want) assert.equal(after.next_run, c.want.next_run);
      if (c.want.nextRunInMs) assertAbout(after.next_run, before, c.want.nextRunInMs as number);
      if ("resultNextRun" in c.want) assert.equal(run.result.next_run, c.want.resultNextRun);
      assert.equal(run.result.auto_complete_failed, c.want.auto_complete_failed);
    });
  }
});

Deno.test("current execute: force-cancels a pending run with the exact text; suppress_notifications is ignored", async () => {
  await using local = await startCurrentApi({ workerDelayMs: 200 });
  const api = client(local, local.key);
  const task = await createdCurrent(local, { search_query: "q", state: "paused" });
  const first = (await api("POST", `/api/v1/tasks/${task.id}/execute`)).json;
  const second = await api("POST", `/api/v1/tasks/${task.id}/execute?suppress_notifications=x`);
  assert.deepEqual([second.status, second.json.status], [200, "pending"]);
  const runs = (await api("GET", `/api/v1/tasks/${task.id}/executions`)).json;
  const cancelled = runs.find((r: Json) => r.id === first.id);
  assert.equal(cancelled.status, "cancelled");
  assert.equal(cancelled.error_message, "Execution cancelled by manual force run");
  assert.notEqual(cancelled.completed_at, null);
  await newestRun(local, task.id, "success");
  await sleep(250);
  const [, stays] = (await api("GET", `/api/v1/tasks/${task.id}/executions`)).json;
  assert.equal(stays.status, "cancelled", "the cancelled run is not picked up again");
});

Deno.test("current retries: a transient failure is retrying with its §5.4 text; the retry job resumes the same run", async (t) => {
  const { local, task, started } = await ranOnce({ answer: "a", condition_met: true, retry: true });
  await using _ = local;
  const api = client(local, local.key);
  const retrying = await newestRun(local, task.id, "retrying");
  await t.step("retrying, with the agent_error text and completed_at", async () => {
    assert.equal(retrying.id, started.json.id);
    assert.equal(retrying.error_message, "Unable to complete the search. We'll try again.");
    assert.notEqual(retrying.completed_at, null);
    assert.deepEqual(retrying.result, { metadata: { changed: false, current_state: null } });
    const after = (await api("GET", `/api/v1/tasks/${task.id}`)).json;
    assertAbout(after.next_run, Date.now(), 60_000);
  });
  await t.step("the retry is due a minute later, on the same row", async () => {
    assert.equal(local.api.runDueTasks(new Date()), 0);
    assert.equal(local.api.runDueTasks(new Date(Date.now() + 61_000)), 1);
    const done = await newestRun(local, task.id, "success");
    assert.equal(done.id, started.json.id);
    assert.equal(done.error_message, null);
    const runs = (await api("GET", `/api/v1/tasks/${task.id}/executions`)).json;
    assert.equal(runs.length, 1);
  });
});

Deno.test("current failures: an error retries as its category allows, then fails; a user error fails at once", async (t) => {
  const cases: [string, string, number, string][] = [
    ["an unknown error: two retries", "executor exploded", 2, "An unexpected error occurred."],
    ["a user error: none", "invalid query", 0, "The request contains invalid data."],
    ["a timeout: three", "search timed out", 3, "The search took longer than expected."],
  ];
  for (const [name, error, retries, text] of cases) {
    await t.step(name, async () => {
      const { local, task } = await ranOnce({ answer: "", condition_met: false, error });
      await using _ = local;
      for (let i = 0; i < retries; i++) {
        const run = await newestRun(local, task.id, "retrying");
        assert(run.error_message.startsWith(text), run.error_message);
        assert.equal(local.api.runDueTasks(new Date(Date.now() + 3_600_000)), 1);
        await waitFor(async () => {
          const [now] = (await client(local, local.key)(
            "GET",
            `/api/v1/tasks/${task.id}/executions`,
          )).json;
          return now.status !== "retrying" ? now : undefined;
        });
      }
      const failed = await newestRun(local, task.id, "failed");
      assert(failed.error_message.startsWith(text), failed.error_message);
      assert.equal(local.api.runDueTasks(new Date(Date.now() + 86_400_000)), 0, "no job remains");
    });
  }
});

Deno.test("current scheduler: an active task runs when its next_run is due, once; paused tasks never", async () => {
  await using local = await startCurrentApi();
  const active = await createdCurrent(local, { name: "a", search_query: "q" });
  await createdCurrent(local, { name: "p", search_query: "q", state: "paused" });
  assert.equal(local.api.runDueTasks(new Date()), 0, "nothing is due within the first minute");
  const later = new Date(Date.now() + 61_000);
  assert.equal(local.api.runDueTasks(later), 1);
  assert.equal(local.api.runDueTasks(later), 0, "a job runs once");
  await newestRun(local, active.id, "success");
  assert.equal(local.api.runDueTasks(later), 0, "the next job is a day away");
  assert.equal(local.api.runDueTasks(new Date(Date.now() + 86_401_000)), 1);
});
