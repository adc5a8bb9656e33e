/**
 * Contract tests of what the current generation shares (torale-api-current.md §3.2, §6.11):
 * visibility, public reads by others, forks and the feed.
 */
import assert from "node:assert/strict";
import type { TestApi } from "../helpers/api.ts";
import { client, createdCurrent, type Json, startCurrentApi, waitFor } from "./client.ts";

const WEBHOOK = { type: "webhook", url: "https://hooks.example/t" };

/** A current server, its owner's task (with a webhook) and a second user's key. */
async function twoUsers(results = {}): Promise<{ local: TestApi; task: Json; other: string }> {
  const local = await startCurrentApi({ results });
  const task = await createdCurrent(local, {
    name: "Watch",
    search_query: "Rust 2.0 release",
    notifications: [WEBHOOK],
  });
  return { local, task, other: await local.api.createKey("other@example.com") };
}

Deno.test("current visibility: the owner sets is_public (laxly); others get 404; a body is required", async (t) => {
  const { local, task, other } = await twoUsers();
  await using _ = local;
  const path = `/api/v1/tasks/${task.id}/visibility`;
  const api = client(local, local.key);
  const cases: [string, unknown, number, Json][] = [
    ["true", { is_public: true }, 200, { is_public: true }],
    ['"no" reads as false', { is_public: "no" }, 200, { is_public: false }],
    ['"yes" reads as true', { is_public: "yes" }, 200, { is_public: true }],
  ];
  for (const [name, body, status, json] of cases) {
    await t.step(name, async () => {
      const res = await api("PATCH", path, body);
      assert.deepEqual([res.status, res.json], [status, json]);
      const read = await api("GET", `/api/v1/tasks/${task.id}`);
      assert.equal(read.json.is_public, json.is_public);
    });
  }
  const refused: [string, unknown, string][] = [
    ["no body", undefined, "missing"],
    ["an empty object", {}, "missing"],
    ["a word pydantic does not know", { is_public: "maybe" }, "bool_parsing"],
  ];
  for (const [name, body, type] of refused) {
    await t.step(`${name}: 422 ${type}`, async () => {
      const res = await api("PATCH", path, body);
      assert.deepEqual([res.status, res.json.detail[0].type], [422, type]);
    });
  }
  await t.step("someone else: 404", async () => {
    const res = await client(local, other)("PATCH", path, { is_public: false });
    assert.deepEqual([res.status, res.json], [404, { detail: "Task not found" }]);
  });
});

Deno.test("current public reads: others see a public task without notifications and its runs without errors; private ones are 404", async (t) => {
  const { local, task, other } = await twoUsers({ "*": { answer: "Out", condition_met: true } });
  await using _ = local;
  const owner = client(local, local.key);
  const path = `/api/v1/tasks/${task.id}`;
  await owner("POST", `${path}/execute`);
  await waitFor(async () => (await owner("GET", path)).json.last_execution ?? undefined);
  local.api.db.prepare("UPDATE executions SET error_message = 'secret'").run();
  const readers: [string, string | undefined][] = [
    ["another user", other],
    ["anonymous", undefined],
    ["a bad key, read as anonymous", "sk_" + "x".repeat(43)],
    ["a non-sk token, read as anonymous", "eyJ.x.y"],
  ];
  for (const [name, key] of readers) {
    await t.step(`${name}: a private task is 404, never 401 or 403`, async () => {
      for (const suffix of ["", "/executions", "/notifications"]) {
        const res = await client(local, key)("GET", `${path}${suffix}`);
        assert.deepEqual([res.status, res.json], [404, { detail: "Task not found" }]);
      }
    });
  }
  await owner("PATCH", `${path}/visibility`, { is_public: true });
  for (const [name, key] of readers) {
    await t.step(`${name}: the public task, scrubbed`, async () => {
      const read = await client(local, key)("GET", path);
      assert.equal(read.status, 200);
      assert.deepEqual(read.json.notifications, []);
      assert.equal(read.json.user_id, task.user_id, "user_id stays visible");
      for (const suffix of ["/executions", "/notifications"]) {
        const [run] = (await client(local, key)("GET", `${path}${suffix}`)).json;
        assert.equal(run.error_message, null);
      }
    });
  }
  await t.step("the owner still sees everything", async () => {
    assert.equal((await owner("GET", path)).json.notifications[0].url, WEBHOOK.url);
    assert.equal((await owner("GET", `${path}/executions`)).json[0].error_message, "secret");
  });
  await t.step("others still cannot change it", async () => {
    const api = client(local, other);
    for (
      const [method, suffix, body] of [["PUT", "", { name: "x" }], ["DELETE", ""], [
        "POST",
        "/execute",
      ]]
    ) {
      const res = await api(method as string, `${path}${suffix}`, body);
      assert.equal(res.status, 404, `${method} ${suffix}`);
    }
  });
});

Deno.test("current fork: (Copy), (Copy 2), (Copy 3), then 409; a fork is paused, private and unscheduled", async (t) => {
  const { local, task, other } = await twoUsers();
  await using _ = local;
  const owner = client(local, local.key);
  const fork = (key: string, body: unknown = {}) =>
    client(local, key)("POST", `/api/v1/tasks/${task.id}/fork`, body);
  for (const name of ["Watch (Copy)", "Watch (Copy 2)", "Watch (Copy 3)"]) {
    await t.step(`the owner's fork is named "${name}"`, async () => {
      const res = await fork(local.key);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.name, name);
      assert.deepEqual([res.json.state, res.json.is_public, res.json.next_run], [
        "paused",
        false,
        null,
      ]);
      assert.equal(res.json.forked_from_task_id, task.id);
      assert.deepEqual(res.json.notifications[0].url, WEBHOOK.url, "the owner keeps targets");
    });
  }
  await t.step("a fourth is a 409 and saves nothing", async () => {
    const res = await fork(local.key);
    assert.deepEqual([res.status, res.json], [409, {
      detail:
        "Failed to generate unique task name after multiple attempts. Please provide a custom name.",
    }]);
    assert.equal((await owner("GET", "/api/v1/tasks/")).json.length, 4);
  });
  await t.step("a custom name; taken, it is a 409 too", async () => {
    assert.equal((await fork(local.key, { name: "Mine" })).json.name, "Mine");
    assert.equal((await fork(local.key, { name: "Mine" })).status, 409);
  });
  await t.step("no body: 422; someone else's private task: 404", async () => {
    const bare = await owner("POST", `/api/v1/tasks/${task.id}/fork`);
    assert.deepEqual([bare.status, bare.json.detail[0].loc], [422, ["body"]]);
    assert.equal((await fork(other)).status, 404);
  });
  await t.step("someone else's public task: no notifications, subscriber_count + 1", async () => {
    await owner("PATCH", `/api/v1/tasks/${task.id}/visibility`, { is_public: true });
    const res = await fork(other);
    assert.deepEqual([res.status, res.json.name, res.json.notifications], [
      200,
      "Watch (Copy)",
      [],
    ]);
    assert.equal(res.json.user_id === task.user_id, false);
    const source = (await owner("GET", `/api/v1/tasks/${task.id}`)).json;
    assert.equal(source.subscriber_count, 1, "the owner's own forks do not count");
  });
  await t.step("deleting the source leaves forks without forked_from_task_id", async () => {
    await owner("DELETE", `/api/v1/tasks/${task.id}`);
    const [newest] = (await owner("GET", "/api/v1/tasks/")).json;
    assert.equal(newest.forked_from_task_id, null);
  });
});

Deno.test("current feed: own successful runs that notified, newest first, as FeedExecution; limit 1..100", async (t) => {
  await using local = await startCurrentApi({
    results: {
      "met": { answer: "Out now", condition_met: true },
      "quiet": { answer: "Nothing yet", condition_met: false },
    },
  });
  const api = client(local, local.key);
  const met = await createdCurrent(local, { name: "met", search_query: "met" });
  const quiet = await createdCurrent(local, { name: "quiet", search_query: "quiet" });
  const runs: string[] = [];
  for (const task of [met, quiet, met]) {
    const run = (await api("POST", `/api/v1/tasks/${task.id}/execute`)).json;
    await waitFor(async () => {
      const [last] = (await api("GET", `/api/v1/tasks/${task.id}/executions`)).json;
      return last.status === "success" ? last : undefined;
    });
    runs.push(run.id);
  }
  await t.step("only the runs that notified, newest first", async () => {
    const feed = (await api("GET", "/api/v1/tasks/feed")).json;
    assert.deepEqual(feed.map((r: Json) => r.id), [runs[2], runs[0]]);
    assert.deepEqual(Object.keys(feed[0]).slice(-4), [
      "task_name",
      "task_search_query",
      "task_is_public",
      "task_user_id",
    ]);
    assert.deepEqual([feed[0].task_name, feed[0].task_search_query, feed[0].task_is_public], [
      "met",
      "met",
      false,
    ]);
    assert.equal(feed[0].notification, "Out now");
  });
  await t.step("another user's feed is their own", async () => {
    const other = await local.api.createKey("other@example.com");
    assert.deepEqual((await client(local, other)("GET", "/api/v1/tasks/feed")).json, []);
  });
  const limits: [string, number, string | undefined][] = [
    ["1", 200, undefined],
    ["100", 200, undefined],
    ["0", 422, "greater_than_equal"],
    ["101", 422, "less_than_equal"],
    ["x", 422, "int_parsing"],
  ];
  for (const [limit, status, type] of limits) {
    await t.step(`limit=${limit}: ${status}${type ? ` ${type}` : ""}`, async () => {
      const res = await api("GET", `/api/v1/tasks/feed?limit=${limit}`);
      assert.equal(res.status, status);
      if (type) assert.deepEqual(res.json.detail[0].loc, ["query", "limit"]);
      if (type) assert.equal(res.json.detail[0].type, type);
      if (limit === "1") assert.equal(res.json.length, 1);
    });
  }
  await t.step("no key: 401", async () => {
    assert.equal((await client(local)("GET", "/api/v1/tasks/feed")).status, 401);
  });
});
