/** Contract tests of the current generation's task routes (torale-api-current.md §3.2, §4.1, §6). */
import assert from "node:assert/strict";
import { MAX_ACTIVE_TASKS } from "../../local_api/server.ts";
import {
  assertAbout,
  client,
  createdCurrent,
  type Json,
  startCurrentApi,
  waitFor,
} from "./client.ts";

const TASK_FIELDS = [
  "name",
  "state",
  "search_query",
  "condition_description",
  "notifications",
  "attached_connector_slugs",
  "id",
  "user_id",
  "created_at",
  "updated_at",
  "state_changed_at",
  "last_known_state",
  "last_execution_id",
  "last_execution",
  "next_run",
  "immediate_execution_error",
  "context",
  "is_public",
  "view_count",
  "subscriber_count",
  "forked_from_task_id",
];

Deno.test("current create: only search_query is required, the Task has §4.1's fields in order, unknown fields are ignored", async (t) => {
  await using local = await startCurrentApi();
  const before = Date.now();
  const task = await createdCurrent(local, {
    search_query: "Rust 2.0 release",
    context: { team: "lang" },
    schedule: "0 9 * * *",
    config: { model: "m" },
    notify_behavior: "always",
    executor_type: "llm_grounded_search",
  });
  await t.step("the field set and order of §4.1, and nothing of classic's", () => {
    assert.deepEqual(Object.keys(task), TASK_FIELDS);
  });
  await t.step("defaults: name, active, the query as condition, empty lists, private", () => {
    assert.equal(task.name, "New Monitor");
    assert.equal(task.state, "active");
    assert.equal(task.condition_description, "Rust 2.0 release");
    assert.deepEqual([task.notifications, task.attached_connector_slugs], [[], []]);
    assert.deepEqual([task.is_public, task.view_count, task.subscriber_count], [false, 0, 0]);
    assert.equal(task.last_execution, null);
    assert.equal(task.immediate_execution_error, null);
  });
  await t.step("context is stored and echoed (the intended behaviour)", async () => {
    assert.deepEqual(task.context, { team: "lang" });
    const read = await client(local, local.key)("GET", `/api/v1/tasks/${task.id}`);
    assert.deepEqual(read.json.context, { team: "lang" });
  });
  await t.step("next_run is a minute away", () => assertAbout(task.next_run, before, 60_000));
  for (const [name, condition] of [["null", null], ["empty", ""]] as const) {
    await t.step(`a ${name} condition_description falls back to the query`, async () => {
      const made = await createdCurrent(local, {
        name: `cond ${name}`,
        search_query: "q",
        condition_description: condition,
      });
      assert.equal(made.condition_description, "q");
    });
  }
});

Deno.test("current create: UNIQUE(user, name) is a plain-text 500 and nothing is saved", async (t) => {
  await using local = await startCurrentApi();
  const api = client(local, local.key);
  await createdCurrent(local, { search_query: "first" });
  const named = await createdCurrent(local, { name: "Named", search_query: "q" });
  const cases: [string, Json][] = [
    ["a second unnamed create", { search_query: "second" }],
    ["the same explicit name", { name: "Named", search_query: "other" }],
  ];
  for (const [name, body] of cases) {
    await t.step(name, async () => {
      const res = await api("POST", "/api/v1/tasks/", body);
      assert.deepEqual([res.status, res.text], [500, "Internal Server Error"]);
      assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
      assert.equal((await api("GET", "/api/v1/tasks/")).json.length, 2);
    });
  }
  await t.step("a PUT renaming to a taken name changes nothing", async () => {
    const res = await api("PUT", `/api/v1/tasks/${named.id}`, {
      name: "New Monitor",
      search_query: "changed",
    });
    assert.equal(res.status, 500);
    assert.equal((await api("GET", `/api/v1/tasks/${named.id}`)).json.search_query, "q");
  });
  await t.step("another user may use the same name", async () => {
    const other = await local.api.createKey("other@example.com");
    const res = await client(local, other)("POST", "/api/v1/tasks/", { search_query: "x" });
    assert.equal(res.status, 200);
  });
});

Deno.test("current create: the 50-active cap is a 429 with detail; paused creates and resumes are not capped", async (t) => {
  await using local = await startCurrentApi();
  const api = client(local, local.key);
  for (let i = 0; i < MAX_ACTIVE_TASKS; i++) {
    await createdCurrent(local, { name: `t${i}`, search_query: "q" });
  }
  await t.step("the 51st active create", async () => {
    const res = await api("POST", "/api/v1/tasks/", { name: "one more", search_query: "q" });
    assert.deepEqual([res.status, res.json], [429, {
      detail: "Maximum of 50 active tasks reached. Complete or pause existing tasks first.",
    }]);
    assert.equal(res.headers.get("retry-after"), null);
  });
  await t.step("a paused create, then PUT → active", async () => {
    const paused = await createdCurrent(local, { name: "p", search_query: "q", state: "paused" });
    const resumed = await api("PUT", `/api/v1/tasks/${paused.id}`, { state: "active" });
    assert.deepEqual([resumed.status, resumed.json.state], [200, "active"]);
  });
});

Deno.test("current next_run: now+60 s on create in every state and on → active; unchanged on → paused", async (t) => {
  await using local = await startCurrentApi();
  const api = client(local, local.key);
  for (const state of ["active", "paused", "completed"]) {
    await t.step(`create ${state}`, async () => {
      const before = Date.now();
      const task = await createdCurrent(local, { name: state, search_query: "q", state });
      assertAbout(task.next_run, before, 60_000);
    });
  }
  await t.step("→ paused keeps it, → active moves it", async () => {
    const task = await createdCurrent(local, { name: "moving", search_query: "q" });
    local.api.db.prepare("UPDATE tasks SET next_run = ? WHERE id = ?")
      .run("2026-01-01T00:00:00Z", task.id as string);
    const paused = await api("PUT", `/api/v1/tasks/${task.id}`, { state: "paused" });
    assert.equal(paused.json.next_run, "2026-01-01T00:00:00Z");
    const before = Date.now();
    const active = await api("PUT", `/api/v1/tasks/${task.id}`, { state: "active" });
    assertAbout(active.json.next_run, before, 60_000);
  });
});

Deno.test("current validation: malformed JSON before auth, other 422s after it, in FastAPI's shapes", async (t) => {
  await using local = await startCurrentApi();
  const cases: { name: string; body: unknown; key?: boolean; headers?: Json; want: Json }[] = [
    {
      name: "malformed JSON without a key is a 422, not a 401",
      body: "{not json",
      key: false,
      want: { type: "json_invalid", loc: ["body", 1], msg: "JSON decode error" },
    },
    {
      name: "JSON that ends early names the end of the text, as the real service does",
      body: '{"name": ',
      want: { type: "json_invalid", loc: ["body", 9], msg: "JSON decode error" },
    },
    {
      name: "a missing search_query without a key is a 401",
      body: {},
      key: false,
      want: { status: 401 },
    },
    {
      name: "a missing search_query",
      body: { name: "x" },
      want: { type: "missing", loc: ["body", "search_query"], msg: "Field required" },
    },
    {
      name: "a null name",
      body: { name: null, search_query: "q" },
      want: { type: "string_type", loc: ["body", "name"] },
    },
    {
      name: "a context that is not an object",
      body: { search_query: "q", context: [1] },
      want: { type: "dict_type", loc: ["body", "context"] },
    },
    {
      name: "connector slugs that are not a list",
      body: { search_query: "q", attached_connector_slugs: "notion" },
      want: { type: "list_type", loc: ["body", "attached_connector_slugs"] },
    },
    {
      name: "a body sent as text/plain",
      body: '{"search_query":"q"}',
      headers: { "Content-Type": "text/plain" },
      want: { type: "model_attributes_type", loc: ["body"] },
    },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      const api = client(local, c.key === false ? undefined : local.key);
      const res = await api("POST", "/api/v1/tasks/", c.body, c.headers as Record<string, string>);
      if (c.want.status) return assert.equal(res.status, c.want.status);
      assert.equal(res.status, 422, res.text);
      const [issue] = res.json.detail;
      for (const [field, value] of Object.entries(c.want)) assert.deepEqual(issue[field], value);
    });
  }
  await t.step("the Python wording of a JSON error", async () => {
    const res = await client(local)("POST", "/api/v1/tasks/", "{not json");
    assert.deepEqual(res.json.detail[0].ctx, {
      error: "Expecting property name enclosed in double quotes",
    });
  });
});

Deno.test("current PUT: only present keys count; nulls are 500s; refused transitions roll everything back", async (t) => {
  await using local = await startCurrentApi({
    results: { "*": { answer: "a", condition_met: false } },
  });
  const api = client(local, local.key);
  const task = await createdCurrent(local, { name: "Edited", search_query: "q" });
  const path = `/api/v1/tasks/${task.id}`;
  await api("POST", `${path}/execute`);
  await waitFor(async () => (await api("GET", path)).json.last_execution ?? undefined);
  await t.step("{} or only unknown keys: the stored task, last_execution null", async () => {
    for (const body of [{}, { schedule: "0 9 * * *", is_active: false }]) {
      const res = await api("PUT", path, body);
      assert.equal(res.status, 200);
      assert.equal(res.json.last_execution, null);
      assert.notEqual(res.json.last_execution_id, null);
    }
  });
  await t.step("a change: re-read with last_execution", async () => {
    const res = await api("PUT", path, { search_query: "q2", context: { a: 1 } });
    assert.deepEqual([res.json.search_query, res.json.context], ["q2", { a: 1 }]);
    assert.notEqual(res.json.last_execution, null);
  });
  for (const field of ["name", "notifications", "attached_connector_slugs"]) {
    await t.step(`null ${field}: 500, nothing saved`, async () => {
      const res = await api("PUT", path, { [field]: null, search_query: "lost" });
      assert.deepEqual([res.status, res.text], [500, "Internal Server Error"]);
      assert.equal((await api("GET", path)).json.search_query, "q2");
    });
  }
  await t.step("null state: 500, the other fields already saved", async () => {
    const res = await api("PUT", path, { state: null, search_query: "kept" });
    assert.equal(res.status, 500);
    assert.equal((await api("GET", path)).json.search_query, "kept");
  });
  await t.step("null search_query and context are stored as null", async () => {
    const res = await api("PUT", path, { search_query: null, context: null });
    assert.deepEqual([res.json.search_query, res.json.context], [null, null]);
  });
  const refused: [string[], string, string][] = [
    [["paused"], "completed", "Cannot transition from paused to completed"],
    [["active", "completed"], "paused", "Cannot transition from completed to paused"],
  ];
  for (const [route, to, text] of refused) {
    const from = route.at(-1);
    await t.step(`${from} → ${to}: 400, every field rolled back`, async () => {
      for (const state of route) assert.equal((await api("PUT", path, { state })).status, 200);
      const res = await api("PUT", path, { state: to, name: "Renamed", search_query: "rolled" });
      assert.deepEqual([res.status, res.json], [400, {
        detail: `Invalid state transition: ${text}`,
      }]);
      const after = (await api("GET", path)).json;
      assert.deepEqual([after.state, after.name, after.search_query], [from, "Edited", null]);
    });
  }
});

Deno.test("current routing: 405 with Allow for preview, suggest and PATCH; slashes redirect; DELETE is 204", async (t) => {
  await using local = await startCurrentApi();
  const task = await createdCurrent(local, { search_query: "q" });
  const cases: [string, string, string, number, string | null][] = [
    ["preview", "POST", "/api/v1/tasks/preview", 405, "GET"],
    ["suggest", "POST", "/api/v1/tasks/suggest", 405, "GET"],
    ["PATCH a task", "PATCH", `/api/v1/tasks/${task.id}`, 405, "GET"],
    ["POST the feed", "POST", "/api/v1/tasks/feed", 405, "GET"],
    ["PUT the collection", "PUT", "/api/v1/tasks/", 405, "POST"],
    ["an unknown path", "GET", "/api/v1/nope", 404, null],
  ];
  for (const [name, method, path, status, allow] of cases) {
    await t.step(`${name}: ${status}, before auth`, async () => {
      const res = await client(local)(method, path, method === "GET" ? undefined : {});
      const detail = status === 405 ? "Method Not Allowed" : "Not Found";
      assert.deepEqual([res.status, res.json], [status, { detail }]);
      assert.equal(res.headers.get("allow"), allow);
    });
  }
  const redirects: [string, string, string][] = [
    ["POST", "/api/v1/tasks", "/api/v1/tasks/"],
    ["GET", "/api/v1/tasks?state=active", "/api/v1/tasks/?state=active"],
    ["GET", `/api/v1/tasks/${task.id}/`, `/api/v1/tasks/${task.id}`],
    ["GET", "/api/v1/tasks/feed/", "/api/v1/tasks/feed"],
  ];
  for (const [method, path, target] of redirects) {
    await t.step(`${method} ${path.replace(task.id as string, "{id}")} → 307`, async () => {
      const res = await client(local)(method, path);
      assert.equal(res.status, 307);
      assert.equal(res.headers.get("location"), `${local.url}${target}`);
    });
  }
  await t.step("DELETE: 204, empty, then 404", async () => {
    const api = client(local, local.key);
    const res = await api("DELETE", `/api/v1/tasks/${task.id}`);
    assert.deepEqual([res.status, res.text], [204, ""]);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.equal((await api("GET", `/api/v1/tasks/${task.id}`)).status, 404);
    assert.equal((await api("DELETE", `/api/v1/tasks/${task.id}`)).status, 404);
  });
});

Deno.test("current list: own tasks newest first, ?state= filters, a bad state is a 422", async () => {
  await using local = await startCurrentApi();
  const api = client(local, local.key);
  const active = await createdCurrent(local, { name: "a", search_query: "q" });
  const paused = await createdCurrent(local, { name: "p", search_query: "q", state: "paused" });
  await createdCurrent({ ...local, key: await local.api.createKey("o@example.com") }, {
    search_query: "theirs",
  });
  const all = (await api("GET", "/api/v1/tasks/")).json;
  assert.deepEqual(all.map((x: Json) => x.id), [paused.id, active.id]);
  const only = (await api("GET", "/api/v1/tasks/?state=paused")).json;
  assert.deepEqual(only.map((x: Json) => x.id), [paused.id]);
  const bad = await api("GET", "/api/v1/tasks/?state=x");
  assert.deepEqual([bad.status, bad.json.detail[0].type, bad.json.detail[0].loc], [422, "enum", [
    "query",
    "state",
  ]]);
});
