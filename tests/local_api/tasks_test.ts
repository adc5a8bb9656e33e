/** Contract tests of the local API's task routes (torale-api.md §3.2, §4.1, §4.3). */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { client, created, type Json, TASK } from "./client.ts";

Deno.test("task create: 200 with the full Task in emitted order", async () => {
  await using local = await startTestApi();
  const task = await created(local, {
    notifications: [{ type: "webhook", url: "https://example.com/h" }],
  });
  assert.deepEqual(Object.keys(task), [
    "name",
    "schedule",
    "executor_type",
    "config",
    "state",
    "search_query",
    "condition_description",
    "notify_behavior",
    "notifications",
    "id",
    "user_id",
    "created_at",
    "updated_at",
    "state_changed_at",
    "condition_met",
    "last_known_state",
    "last_notified_at",
    "last_execution_id",
    "last_execution",
  ]);
  assert.equal(task.state, "active");
  assert.equal(task.notify_behavior, "once");
  assert.equal(task.executor_type, "llm_grounded_search");
  assert.equal(task.last_execution, null);
  assert.deepEqual(task.notifications, [
    {
      type: "webhook",
      address: null,
      template: null,
      url: "https://example.com/h",
      method: "POST",
      headers: null,
    },
  ]);
  assert(!("is_active" in task));
});

Deno.test("task create validation: FastAPI 422 shapes for missing fields, no body, malformed JSON, enums and literals", async (t) => {
  await using local = await startTestApi();
  const api = client(local, local.key);
  await t.step("missing fields: one entry each, in schema order", async () => {
    const missing = await api("POST", "/api/v1/tasks/", { name: "x" });
    assert.equal(missing.status, 422);
    assert.deepEqual(
      missing.json.detail.map((d: Json) => d.loc),
      [["body", "schedule"], ["body", "config"], ["body", "search_query"], [
        "body",
        "condition_description",
      ]],
    );
    assert(
      missing.json.detail.every((d: Json) => d.type === "missing" && d.msg === "Field required"),
    );
  });
  await t.step("no body", async () => {
    const noBody = await api("POST", "/api/v1/tasks/");
    assert.deepEqual(noBody.json, {
      detail: [{ type: "missing", loc: ["body"], msg: "Field required", input: null }],
    });
  });
  await t.step("malformed JSON", async () => {
    const broken = await api("POST", "/api/v1/tasks/", "{not json");
    assert.equal(broken.status, 422);
    assert.equal(broken.json.detail[0].type, "json_invalid");
    assert.equal(broken.json.detail[0].msg, "JSON decode error");
  });
  await t.step("a bad enum", async () => {
    const enumBad = await api("POST", "/api/v1/tasks/", { ...TASK, notify_behavior: "x" });
    assert.deepEqual(enumBad.json.detail[0], {
      type: "enum",
      loc: ["body", "notify_behavior"],
      msg: "Input should be 'once', 'always' or 'track_state'",
      input: "x",
      ctx: { expected: "'once', 'always' or 'track_state'" },
    });
  });
  await t.step("a bad notification type literal", async () => {
    const literal = await api("POST", "/api/v1/tasks/", {
      ...TASK,
      notifications: [{ type: "sms" }],
    });
    assert.equal(literal.json.detail[0].type, "literal_error");
    assert.deepEqual(literal.json.detail[0].loc, ["body", "notifications", 0, "type"]);
  });
  await t.step("a wrong type", async () => {
    const wrongType = await api("POST", "/api/v1/tasks/", { ...TASK, name: 5 });
    assert.equal(wrongType.json.detail[0].type, "string_type");
  });
  assert.equal((await api("GET", "/api/v1/tasks/")).json.length, 0, "nothing was written");
});

Deno.test("task create: notification 400s, cron 500 only for active tasks", async (t) => {
  await using local = await startTestApi();
  const api = client(local, local.key);
  const cases: [string, unknown[], string][] = [
    [
      "an email without address",
      [{ type: "email" }],
      "Invalid notification: Email address required",
    ],
    ["a webhook without URL", [{ type: "webhook" }], "Invalid notification: Webhook URL required"],
    [
      "a plain-HTTP webhook",
      [{ type: "webhook", url: "http://x.example" }],
      "Invalid notification: Webhook URL must use HTTPS",
    ],
    [
      "two emails",
      [{ type: "email", address: "a@b.co" }, { type: "email", address: "c@d.co" }],
      "Multiple notifications of the same type are not supported. Please provide at most one email and one webhook notification.",
    ],
  ];
  for (const [name, notifications, detail] of cases) {
    await t.step(name, async () => {
      const res = await api("POST", "/api/v1/tasks/", { ...TASK, notifications });
      assert.deepEqual([res.status, res.json], [400, { detail }]);
    });
  }
  const badCron = await api("POST", "/api/v1/tasks/", { ...TASK, schedule: "every day" });
  assert.equal(badCron.status, 500);
  assert.match(badCron.json.detail, /^Failed to create schedule: /);
  const paused = await api("POST", "/api/v1/tasks/", {
    ...TASK,
    schedule: "every day",
    state: "paused",
  });
  assert.equal(paused.status, 200, "a paused task is not scheduled, so its cron is not checked");
  assert.equal((await api("GET", "/api/v1/tasks/")).json.length, 1);
});

Deno.test("trailing slashes: the collection without one and an item with one answer 307", async () => {
  await using local = await startTestApi();
  const api = client(local, local.key);
  const collection = await api("GET", "/api/v1/tasks");
  assert.equal(collection.status, 307);
  assert.equal(collection.headers.get("location"), `${local.url}/api/v1/tasks/`);
  const task = await created(local);
  const item = await api("GET", `/api/v1/tasks/${task.id}/`);
  assert.equal(item.status, 307);
  assert.equal(item.headers.get("location"), `${local.url}/api/v1/tasks/${task.id}`);
});

Deno.test("task list: newest first, state filter, bad state 422, other query params ignored", async () => {
  await using local = await startTestApi();
  const api = client(local, local.key);
  const a = await created(local, { name: "a" });
  const b = await created(local, { name: "b", state: "paused" });
  const c = await created(local, { name: "c" });
  assert.deepEqual((await api("GET", "/api/v1/tasks/")).json.map((x: Json) => x.id), [
    c.id,
    b.id,
    a.id,
  ]);
  assert.deepEqual((await api("GET", "/api/v1/tasks/?state=paused")).json.map((x: Json) => x.id), [
    b.id,
  ]);
  assert.equal((await api("GET", "/api/v1/tasks/?is_active=false&limit=1")).json.length, 3);
  const bad = await api("GET", "/api/v1/tasks/?state=done");
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json.detail[0].loc, ["query", "state"]);
});

Deno.test("another user's task is 404, a bad UUID 422", async (t) => {
  await using local = await startTestApi();
  const task = await created(local);
  const other = client(local, await local.api.createKey("other@example.com"));
  const cases: [string, string, unknown?][] = [
    ["GET", `/api/v1/tasks/${task.id}`],
    ["PUT", `/api/v1/tasks/${task.id}`, { name: "x" }],
    ["DELETE", `/api/v1/tasks/${task.id}`],
    ["POST", `/api/v1/tasks/${task.id}/execute`],
  ];
  for (const [method, path, body] of cases) {
    await t.step(`${method} ${path.replace(task.id as string, "{id}")}`, async () => {
      const res = await other(method, path, body);
      assert.deepEqual([res.status, res.json], [404, { detail: "Task not found" }], method);
    });
  }
  await t.step("the owner's task is untouched", async () => {
    const own = await client(local, local.key)("GET", `/api/v1/tasks/${task.id}`);
    assert.deepEqual([own.status, own.json.name], [200, TASK.name]);
  });
  await t.step("a bad UUID", async () => {
    const bad = await client(local, local.key)("GET", "/api/v1/tasks/wrong-id");
    assert.equal(bad.status, 422);
    assert.equal(bad.json.detail[0].type, "uuid_parsing");
    assert.deepEqual(bad.json.detail[0].loc, ["path", "task_id"]);
  });
});

Deno.test("classic create: updated_at is set to created_at, as classic's DEFAULT NOW() does", async () => {
  await using local = await startTestApi();
  const task = await created(local);
  assert.equal(typeof task.updated_at, "string");
  assert.equal(task.updated_at, task.created_at);
  const read = await client(local, local.key)("GET", `/api/v1/tasks/${task.id}`);
  assert.equal(read.json.updated_at, task.created_at);
});

Deno.test("PUT: only given fields change; {} is a no-op; no body is 422; explicit null is a 500", async () => {
  await using local = await startTestApi();
  const api = client(local, local.key);
  const task = await created(local);
  const renamed = await api("PUT", `/api/v1/tasks/${task.id}`, {
    name: "Renamed",
    is_active: false,
  });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.json.name, "Renamed");
  assert.equal(renamed.json.state, "active", "is_active is ignored");
  assert.equal(renamed.json.schedule, TASK.schedule);
  assert.notEqual(renamed.json.updated_at, null);
  assert.equal((await api("PUT", `/api/v1/tasks/${task.id}`, {})).json.name, "Renamed");
  assert.equal((await api("PUT", `/api/v1/tasks/${task.id}`)).status, 422);
  const nul = await api("PUT", `/api/v1/tasks/${task.id}`, { name: null });
  assert.equal(nul.status, 500);
});

Deno.test("state machine: legal transitions pass, illegal ones are 400 and other fields stay saved", async () => {
  await using local = await startTestApi();
  const api = client(local, local.key);
  const task = await created(local);
  const putTask = (body: Json) => api("PUT", `/api/v1/tasks/${task.id}`, body);
  assert.equal((await putTask({ state: "paused" })).json.state, "paused");
  const illegal = await putTask({ state: "completed", name: "kept" });
  assert.deepEqual([illegal.status, illegal.json], [400, {
    detail: "Invalid state transition: Cannot transition from paused to completed",
  }]);
  const now = (await api("GET", `/api/v1/tasks/${task.id}`)).json;
  assert.equal(now.state, "paused");
  assert.equal(now.name, "kept");
  assert.equal((await putTask({ state: "active" })).json.state, "active");
  assert.equal((await putTask({ state: "completed" })).json.state, "completed");
  const back = await putTask({ state: "paused" });
  assert.equal(back.status, 400);
  assert.equal((await putTask({ state: "active" })).json.state, "active");
  assert.equal((await putTask({ state: "active" })).status, 200, "same state is a no-op");
});

Deno.test("activating a task created paused with a bad cron is a 500 and is rolled back", async () => {
  await using local = await startTestApi();
  const api = client(local, local.key);
  const task = await created(local, { state: "paused", schedule: "nope" });
  const res = await api("PUT", `/api/v1/tasks/${task.id}`, { state: "active" });
  assert.equal(res.status, 500);
  assert.match(res.json.detail, /^Failed to change task state: .*\. Task update rolled back\.$/);
  assert.equal((await api("GET", `/api/v1/tasks/${task.id}`)).json.state, "paused");
});

Deno.test("DELETE answers 204 with an empty body, then 404", async () => {
  await using local = await startTestApi();
  const api = client(local, local.key);
  const task = await created(local);
  const res = await api("DELETE", `/api/v1/tasks/${task.id}`);
  assert.equal(res.status, 204);
  assert.equal(res.text, "");
  assert.equal(res.headers.get("content-type"), "application/json", "FastAPI keeps it on a 204");
  assert.equal((await api("DELETE", `/api/v1/tasks/${task.id}`)).status, 404);
});

Deno.test("preview infers a condition only when none is given; suggest returns a task draft", async () => {
  await using local = await startTestApi();
  const api = client(local, local.key);
  const withCondition = await api("POST", "/api/v1/tasks/preview", {
    search_query: "x",
    condition_description: "y",
  });
  assert.equal(withCondition.status, 200);
  assert(!("inferred_condition" in withCondition.json));
  assert.equal(withCondition.json.condition_met, false);
  const inferred = await api("POST", "/api/v1/tasks/preview", { search_query: "x" });
  assert.equal(typeof inferred.json.inferred_condition, "string");
  const suggest = await api("POST", "/api/v1/tasks/suggest", {
    prompt: "tell me when GTA 6 ships",
  });
  assert.deepEqual(Object.keys(suggest.json), [
    "name",
    "search_query",
    "condition_description",
    "schedule",
    "notify_behavior",
  ]);
});
