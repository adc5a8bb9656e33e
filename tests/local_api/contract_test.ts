/** Contract tests of the local Torale API against ../shared/torale-api.md (the 68b generation). */
import assert from "node:assert/strict";
import { join } from "node:path";
import { NOAUTH_USER_ID, startLocalApi } from "../../local_api/server.ts";
import { sha256Hex } from "../../scripts/hash.ts";
import { startTestApi, type TestApi } from "../helpers/api.ts";

type Json = Record<string, unknown>;

function client(t: { url: string }, key?: string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${t.url}${path}`, {
      method,
      redirect: "manual",
      headers: {
        ...(key ? { Authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    // Response bodies are probed field by field, as a client of the contract would.
    // deno-lint-ignore no-explicit-any
    return { status: response.status, headers: response.headers, text, json: json as any };
  };
}

const TASK = {
  name: "Watch",
  schedule: "0 9 * * *",
  config: { model: "gemini-2.0-flash-exp" },
  search_query: "Rust 2.0 release",
  condition_description: "Released",
};

async function created(t: TestApi, extra: Json = {}) {
  const res = await client(t, t.key)("POST", "/api/v1/tasks/", { ...TASK, ...extra });
  assert.equal(res.status, 200, res.text);
  return res.json as Json;
}

async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("condition never became true");
}

Deno.test("health answers without auth", async () => {
  await using t = await startTestApi();
  const res = await client(t)("GET", "/health");
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { status: "healthy", service: "torale-api" });
});

Deno.test("auth split: 403 on /auth/* and 401 on /api/v1/* for a missing header; bad, revoked and non-sk tokens", async () => {
  await using t = await startTestApi();
  const anon = client(t);
  assert.deepEqual(
    [(await anon("GET", "/auth/me")).status, (await anon("GET", "/auth/me")).json],
    [403, { detail: "Not authenticated" }],
  );
  const basic = await anon("GET", "/auth/me", undefined, { Authorization: "Basic abc" });
  assert.deepEqual([basic.status, basic.json], [403, {
    detail: "Invalid authentication credentials",
  }]);
  const tasks = await anon("GET", "/api/v1/tasks/");
  assert.deepEqual([tasks.status, tasks.json], [401, { detail: "Not authenticated" }]);
  const bad = await client(t, "sk_" + "x".repeat(43))("GET", "/api/v1/tasks/");
  assert.deepEqual([bad.status, bad.json], [401, { detail: "Invalid API key" }]);
  const jwt = await client(t, "eyJhbGciOi.x.y")("GET", "/auth/me");
  assert.deepEqual([jwt.status, jwt.json], [503, {
    detail: "Clerk authentication not configured",
  }]);
  assert.equal(bad.headers.get("www-authenticate"), null);
  const old = t.key;
  await t.api.createKey("user@example.com");
  const revoked = await client(t, old)("GET", "/auth/me");
  assert.deepEqual([revoked.status, revoked.json], [401, { detail: "Invalid API key" }]);
});

Deno.test("auth is checked before validation", async () => {
  await using t = await startTestApi();
  const res = await client(t)("GET", "/api/v1/tasks/not-a-uuid");
  assert.equal(res.status, 401);
  const create = await client(t)("POST", "/api/v1/tasks/", "{broken");
  assert.equal(create.status, 401);
});

Deno.test("keys: sk_ + 43 url-safe characters, stored only as SHA-256, 15-character prefix, last_used_at bumped", async () => {
  await using t = await startTestApi();
  assert.match(t.key, /^sk_[A-Za-z0-9_-]{43}$/);
  const rows = t.api.db.prepare("SELECT * FROM api_keys").all() as Json[];
  assert.equal(rows.length, 1);
  assert.equal(rows[0].key_hash, await sha256Hex(t.key));
  assert(!JSON.stringify(rows).includes(t.key), "the key itself is never stored");
  const api = client(t, t.key);
  const [before] = (await api("GET", "/auth/api-keys")).json;
  assert.equal(before.key_prefix, t.key.slice(0, 15) + "...");
  assert.deepEqual(Object.keys(before), [
    "id",
    "user_id",
    "key_prefix",
    "name",
    "created_at",
    "last_used_at",
    "is_active",
  ]);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await api("GET", "/auth/me");
  const [after] = (await api("GET", "/auth/api-keys")).json;
  // Compared as times: isoZ's "…:00Z" is later than "…:00.995000Z" of the second before,
  // yet earlier as text.
  assert(Date.parse(after.last_used_at) > Date.parse(before.last_used_at));
});

Deno.test("/auth/me returns UserRead", async () => {
  await using t = await startTestApi();
  const res = await client(t, t.key)("GET", "/auth/me");
  assert.deepEqual(Object.keys(res.json), [
    "id",
    "clerk_user_id",
    "email",
    "first_name",
    "is_active",
    "created_at",
  ]);
  assert.equal(res.json.email, "user@example.com");
  assert.match(res.json.created_at, /Z$/);
});

Deno.test("api keys: one active per user, revoke (twice), 404 and 422", async () => {
  await using t = await startTestApi();
  const api = client(t, t.key);
  const second = await api("POST", "/auth/api-keys", { name: "CI" });
  assert.deepEqual([second.status, second.json], [400, {
    detail: "You already have an active API key. Please revoke it before creating a new one.",
  }]);
  const missingName = await api("POST", "/auth/api-keys", {});
  assert.equal(missingName.status, 422);
  const [{ id }] = (await api("GET", "/auth/api-keys")).json;
  const revoked = await api("DELETE", `/auth/api-keys/${id}`);
  assert.deepEqual([revoked.status, revoked.json], [200, { status: "revoked" }]);
  const other = await t.api.createKey("other@example.com");
  const foreign = await client(t, other)("DELETE", `/auth/api-keys/${id}`);
  assert.deepEqual([foreign.status, foreign.json], [404, { detail: "API key not found" }]);
  const bad = await client(t, other)("DELETE", "/auth/api-keys/nope");
  assert.equal(bad.status, 422);
  assert.equal(bad.json.detail[0].type, "uuid_parsing");
});

Deno.test("api keys are listed newest first, revoked ones included with is_active false", async () => {
  await using t = await startTestApi({ noauth: true });
  const api = client(t);
  const first = await api("POST", "/auth/api-keys", { name: "first" });
  assert.equal(first.status, 200);
  assert.deepEqual(Object.keys(first.json), ["key", "key_info"]);
  await api("DELETE", `/auth/api-keys/${first.json.key_info.id}`);
  const again = await api("DELETE", `/auth/api-keys/${first.json.key_info.id}`);
  assert.equal(again.status, 200, "revoking an already revoked key of your own is fine");
  await new Promise((resolve) => setTimeout(resolve, 5));
  await api("POST", "/auth/api-keys", { name: "second" });
  const list = (await api("GET", "/auth/api-keys")).json;
  assert.deepEqual(list.map((k: Json) => [k.name, k.is_active]), [["second", true], [
    "first",
    false,
  ]]);
});

Deno.test("task create: 200 with the full Task in emitted order", async () => {
  await using t = await startTestApi();
  const task = await created(t, {
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

Deno.test("task create validation: FastAPI 422 shapes for missing fields, no body, malformed JSON, enums and literals", async () => {
  await using t = await startTestApi();
  const api = client(t, t.key);
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
  const noBody = await api("POST", "/api/v1/tasks/");
  assert.deepEqual(noBody.json, {
    detail: [{ type: "missing", loc: ["body"], msg: "Field required", input: null }],
  });
  const broken = await api("POST", "/api/v1/tasks/", "{not json");
  assert.equal(broken.status, 422);
  assert.equal(broken.json.detail[0].type, "json_invalid");
  assert.equal(broken.json.detail[0].msg, "JSON decode error");
  const enumBad = await api("POST", "/api/v1/tasks/", { ...TASK, notify_behavior: "x" });
  assert.deepEqual(enumBad.json.detail[0], {
    type: "enum",
    loc: ["body", "notify_behavior"],
    msg: "Input should be 'once', 'always' or 'track_state'",
    input: "x",
    ctx: { expected: "'once', 'always' or 'track_state'" },
  });
  const literal = await api("POST", "/api/v1/tasks/", {
    ...TASK,
    notifications: [{ type: "sms" }],
  });
  assert.equal(literal.json.detail[0].type, "literal_error");
  assert.deepEqual(literal.json.detail[0].loc, ["body", "notifications", 0, "type"]);
  const wrongType = await api("POST", "/api/v1/tasks/", { ...TASK, name: 5 });
  assert.equal(wrongType.json.detail[0].type, "string_type");
  assert.equal((await api("GET", "/api/v1/tasks/")).json.length, 0, "nothing was written");
});

Deno.test("task create: notification 400s, cron 500 only for active tasks", async () => {
  await using t = await startTestApi();
  const api = client(t, t.key);
  const cases: [unknown[], string][] = [
    [[{ type: "email" }], "Invalid notification: Email address required"],
    [[{ type: "webhook" }], "Invalid notification: Webhook URL required"],
    [
      [{ type: "webhook", url: "http://x.example" }],
      "Invalid notification: Webhook URL must use HTTPS",
    ],
    [
      [{ type: "email", address: "a@b.co" }, { type: "email", address: "c@d.co" }],
      "Multiple notifications of the same type are not supported. Please provide at most one email and one webhook notification.",
    ],
  ];
  for (const [notifications, detail] of cases) {
    const res = await api("POST", "/api/v1/tasks/", { ...TASK, notifications });
    assert.deepEqual([res.status, res.json], [400, { detail }]);
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
  await using t = await startTestApi();
  const api = client(t, t.key);
  const collection = await api("GET", "/api/v1/tasks");
  assert.equal(collection.status, 307);
  assert.equal(collection.headers.get("location"), `${t.url}/api/v1/tasks/`);
  const task = await created(t);
  const item = await api("GET", `/api/v1/tasks/${task.id}/`);
  assert.equal(item.status, 307);
  assert.equal(item.headers.get("location"), `${t.url}/api/v1/tasks/${task.id}`);
});

Deno.test("task list: newest first, state filter, bad state 422, other query params ignored", async () => {
  await using t = await startTestApi();
  const api = client(t, t.key);
  const a = await created(t, { name: "a" });
  const b = await created(t, { name: "b", state: "paused" });
  const c = await created(t, { name: "c" });
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

Deno.test("another user's task is 404, a bad UUID 422", async () => {
  await using t = await startTestApi();
  const task = await created(t);
  const other = client(t, await t.api.createKey("other@example.com"));
  for (const method of ["GET", "PUT", "DELETE"]) {
    const res = await other(
      method,
      `/api/v1/tasks/${task.id}`,
      method === "PUT" ? { name: "x" } : undefined,
    );
    assert.deepEqual([res.status, res.json], [404, { detail: "Task not found" }], method);
  }
  assert.equal((await other("POST", `/api/v1/tasks/${task.id}/execute`)).status, 404);
  const bad = await client(t, t.key)("GET", "/api/v1/tasks/wrong-id");
  assert.equal(bad.status, 422);
  assert.equal(bad.json.detail[0].type, "uuid_parsing");
  assert.deepEqual(bad.json.detail[0].loc, ["path", "task_id"]);
});

Deno.test("PUT: only given fields change; {} is a no-op; no body is 422; explicit null is a 500", async () => {
  await using t = await startTestApi();
  const api = client(t, t.key);
  const task = await created(t);
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
  await using t = await startTestApi();
  const api = client(t, t.key);
  const task = await created(t);
  const put = (body: Json) => api("PUT", `/api/v1/tasks/${task.id}`, body);
  assert.equal((await put({ state: "paused" })).json.state, "paused");
  const illegal = await put({ state: "completed", name: "kept" });
  assert.deepEqual([illegal.status, illegal.json], [400, {
    detail: "Invalid state transition: Cannot transition from paused to completed",
  }]);
  const now = (await api("GET", `/api/v1/tasks/${task.id}`)).json;
  assert.equal(now.state, "paused");
  assert.equal(now.name, "kept");
  assert.equal((await put({ state: "active" })).json.state, "active");
  assert.equal((await put({ state: "completed" })).json.state, "completed");
  const back = await put({ state: "paused" });
  assert.equal(back.status, 400);
  assert.equal((await put({ state: "active" })).json.state, "active");
  assert.equal((await put({ state: "active" })).status, 200, "same state is a no-op");
});

Deno.test("activating a task created paused with a bad cron is a 500 and is rolled back", async () => {
  await using t = await startTestApi();
  const api = client(t, t.key);
  const task = await created(t, { state: "paused", schedule: "nope" });
  const res = await api("PUT", `/api/v1/tasks/${task.id}`, { state: "active" });
  assert.equal(res.status, 500);
  assert.match(res.json.detail, /^Failed to change task state: .*\. Task update rolled back\.$/);
  assert.equal((await api("GET", `/api/v1/tasks/${task.id}`)).json.state, "paused");
});

Deno.test("DELETE answers 204 with an empty body, then 404", async () => {
  await using t = await startTestApi();
  const api = client(t, t.key);
  const task = await created(t);
  const res = await api("DELETE", `/api/v1/tasks/${task.id}`);
  assert.equal(res.status, 204);
  assert.equal(res.text, "");
  assert.equal((await api("DELETE", `/api/v1/tasks/${task.id}`)).status, 404);
});

Deno.test("execute: pending, then running and success within a second; the task is updated", async () => {
  await using t = await startTestApi({
    results: {
      "rust 2.0 release": {
        answer: "Out now",
        condition_met: true,
        sources: [{ url: "https://x.example/a" }],
      },
    },
  });
  const api = client(t, t.key);
  const task = await created(t, { notify_behavior: "always" });
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
  await using t = await startTestApi({ results: { "*": { answer: "yes", condition_met: true } } });
  const api = client(t, t.key);
  const task = await created(t, { run_immediately: true });
  const completed = await waitFor(async () => {
    const now = (await api("GET", `/api/v1/tasks/${task.id}`)).json;
    return now.state === "completed" ? now : undefined;
  });
  assert.equal(completed.condition_met, true);
  assert.notEqual(completed.last_notified_at, null);
});

Deno.test("a run on a paused task stays pending; a canned error fails the run", async () => {
  await using t = await startTestApi({
    results: { "broken query": { answer: "", condition_met: false, error: "executor exploded" } },
  });
  const api = client(t, t.key);
  const paused = await created(t, { state: "paused" });
  await api("POST", `/api/v1/tasks/${paused.id}/execute`);
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(
    (await api("GET", `/api/v1/tasks/${paused.id}/executions`)).json[0].status,
    "pending",
  );
  const broken = await created(t, { search_query: "broken query" });
  await api("POST", `/api/v1/tasks/${broken.id}/execute`);
  const failed = await waitFor(async () => {
    const [run] = (await api("GET", `/api/v1/tasks/${broken.id}/executions`)).json;
    return run.status === "failed" ? run : undefined;
  });
  assert.equal(failed.error_message, "executor exploded");
});

Deno.test("executions: newest first, limit, int_parsing 422", async () => {
  await using t = await startTestApi();
  const api = client(t, t.key);
  const task = await created(t, { notify_behavior: "always" });
  const ids = [];
  for (let i = 0; i < 3; i++) {
    ids.push((await api("POST", `/api/v1/tasks/${task.id}/execute`)).json.id);
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
  const runs = (await api("GET", `/api/v1/tasks/${task.id}/executions?limit=2`)).json;
  assert.deepEqual(runs.map((r: Json) => r.id), [ids[2], ids[1]]);
  const bad = await api("GET", `/api/v1/tasks/${task.id}/executions?limit=abc`);
  assert.equal(bad.status, 422);
  assert.equal(bad.json.detail[0].type, "int_parsing");
});

Deno.test("lists are newest first by time, also when a timestamp has no fraction", async () => {
  await using t = await startTestApi();
  const api = client(t, t.key);
  // isoZ writes "…:00Z" when the milliseconds are zero and "…:00.300000Z" otherwise;
  // compared as text, the first would sort after the others of the same second.
  const second = [
    "2026-01-01T00:00:00Z",
    "2026-01-01T00:00:00.300000Z",
    "2026-01-01T00:00:00.600000Z",
  ];
  const task = await created(t, { notify_behavior: "always" });
  const taskId = task.id as string;
  const runs: string[] = [];
  const tasks: string[] = [];
  for (const at of second) {
    const run = (await api("POST", `/api/v1/tasks/${task.id}/execute`)).json.id;
    t.api.db.prepare("UPDATE executions SET started_at = ? WHERE id = ?").run(at, run);
    runs.push(run);
    const other = (await created(t, {})).id as string;
    t.api.db.prepare("UPDATE tasks SET created_at = ? WHERE id = ?").run(at, other);
    tasks.push(other);
  }
  t.api.db.prepare("UPDATE tasks SET created_at = ? WHERE id = ?").run(
    "2025-01-01T00:00:00Z",
    taskId,
  );
  const listed = (await api("GET", `/api/v1/tasks/${taskId}/executions`)).json;
  assert.deepEqual(listed.map((r: Json) => r.id), runs.toReversed());
  const all = (await api("GET", "/api/v1/tasks/")).json;
  assert.deepEqual(all.map((r: Json) => r.id), [...tasks.toReversed(), taskId]);
  const [current] = (await api("GET", "/auth/api-keys")).json;
  t.api.db.prepare("UPDATE api_keys SET created_at = ? WHERE id = ?").run(
    "2025-01-01T00:00:00Z",
    current.id,
  );
  const revoked = second.map((at, i) => {
    const id = crypto.randomUUID();
    t.api.db.prepare(
      `INSERT INTO api_keys (id, user_id, key_hash, key_prefix, name, created_at, is_active)
       SELECT ?, user_id, ?, key_prefix, ?, ?, 0 FROM api_keys WHERE id = ?`,
    ).run(id, `hash-${i}`, `old ${i}`, at, current.id);
    return id;
  });
  const keys = (await api("GET", "/auth/api-keys")).json;
  assert.deepEqual(keys.map((k: Json) => k.id), [...revoked.toReversed(), current.id]);
});

Deno.test("preview infers a condition only when none is given; suggest returns a task draft", async () => {
  await using t = await startTestApi();
  const api = client(t, t.key);
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

Deno.test("NOAUTH: every route acts as the fixed test user, whatever the header", async () => {
  await using t = await startTestApi({ noauth: true });
  const me = await client(t)("GET", "/auth/me");
  assert.equal(me.status, 200);
  assert.equal(me.json.id, NOAUTH_USER_ID);
  const task = await client(t, "sk_" + "z".repeat(43))("POST", "/api/v1/tasks/", TASK);
  assert.equal(task.json.user_id, NOAUTH_USER_ID);
});

Deno.test("rate limiting: 429 with retry_after, Retry-After and X-RateLimit headers", async () => {
  await using t = await startTestApi({ rateLimit: 2 });
  const api = client(t, t.key);
  const ok = await api("GET", "/api/v1/tasks/");
  assert.equal(ok.headers.get("x-ratelimit-limit"), "2");
  assert.equal(ok.headers.get("x-ratelimit-remaining"), "1");
  await api("GET", "/api/v1/tasks/");
  const limited = await api("GET", "/api/v1/tasks/");
  assert.equal(limited.status, 429);
  assert.equal(limited.json.detail, "Rate limit exceeded");
  assert(limited.json.retry_after >= 1 && limited.json.retry_after <= 60);
  assert.equal(limited.headers.get("retry-after"), String(limited.json.retry_after));
  assert.match(limited.headers.get("x-ratelimit-reset") ?? "", /^\d+$/);
  assert.equal((await client(t)("GET", "/health")).status, 200, "health is never limited");
});

Deno.test("bad input never crashes it: huge bodies 413, unknown routes 404, wrong methods 405", async () => {
  await using t = await startTestApi();
  const api = client(t, t.key);
  const huge = await api(
    "POST",
    "/api/v1/tasks/",
    JSON.stringify({ ...TASK, name: "x".repeat(1_100_000) }),
  );
  assert.equal(huge.status, 413);
  assert.deepEqual((await api("GET", "/nope")).json, { detail: "Not Found" });
  assert.equal((await api("GET", "/nope")).status, 404);
  const wrong = await api("PATCH", "/api/v1/tasks/");
  assert.deepEqual([wrong.status, wrong.json], [405, { detail: "Method Not Allowed" }]);
  assert.equal((await api("GET", "/health")).status, 200);
});

Deno.test("data survives a restart with a file database", async () => {
  const dir = await Deno.makeTempDir({ prefix: "torale-db-" });
  const db = join(dir, "torale.db");
  const first = await startLocalApi({ port: 0, db });
  const key = await first.createKey("user@example.com");
  const res = await client(first, key)("POST", "/api/v1/tasks/", TASK);
  assert.equal(res.status, 200);
  await first.close();
  const second = await startLocalApi({ port: 0, db });
  try {
    const tasks = (await client(second, key)("GET", "/api/v1/tasks/")).json;
    assert.deepEqual(tasks.map((x: Json) => x.id), [res.json.id]);
  } finally {
    await second.close();
  }
});

Deno.test("the scheduler runs active tasks whose cron came due, and only those", async () => {
  await using t = await startTestApi();
  const active = await created(t, { schedule: "* * * * *", notify_behavior: "always" });
  const paused = await created(t, { schedule: "* * * * *", state: "paused" });
  // A fixed creation time, so that a test started at hh:mm:59.999 cannot see a minute pass.
  t.api.db.prepare("UPDATE tasks SET created_at = ?").run("2026-01-01T00:00:30.250000Z");
  const creationMinute = new Date("2026-01-01T00:00:59.999Z");
  assert.equal(t.api.runDueTasks(creationMinute), 0, "nothing is due within the creation minute");
  const later = new Date("2026-01-01T00:01:00Z");
  assert.equal(t.api.runDueTasks(later), 1);
  assert.equal(t.api.runDueTasks(later), 0, "a due run starts once");
  const runs = (await client(t, t.key)("GET", `/api/v1/tasks/${active.id}/executions`)).json;
  assert.equal(runs.length, 1);
  assert.equal(
    (await client(t, t.key)("GET", `/api/v1/tasks/${paused.id}/executions`)).json.length,
    0,
  );
});
