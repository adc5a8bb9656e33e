/**
 * Contract tests of the public reads (torale-api-current.md §3.7, §3.9, §2.3; upstream's
 * `public_tasks.py` and `main.py` at d64cd83): the public task list and its orders, one public
 * task, the public feed, a task's RSS feed, /public/stats on both generations, and the
 * per-address limits.
 */
import assert from "node:assert/strict";
import type { TestApi } from "../helpers/api.ts";
import { client, createdCurrent, type Json, startCurrentApi } from "./client.ts";
import { startTestApi } from "../helpers/api.ts";

const WEBHOOK = { type: "webhook", url: "https://hooks.example/t" };

/** A current server whose user owns three tasks (two public) and a second user's key. */
async function world(options = {}): Promise<{ local: TestApi; tasks: Json[]; other: string }> {
  const local = await startCurrentApi(options);
  const tasks: Json[] = [];
  for (const name of ["One", "Two", "Private"]) {
    tasks.push(
      await createdCurrent(local, { name, search_query: `q ${name}`, notifications: [WEBHOOK] }),
    );
  }
  const owner = client(local, local.key);
  for (const task of tasks.slice(0, 2)) {
    await owner("PATCH", `/api/v1/tasks/${task.id}/visibility`, { is_public: true });
  }
  return { local, tasks, other: await local.api.createKey("other@example.com") };
}

/** Stores a finished run of `taskId` as the worker would. */
function storeRun(local: TestApi, taskId: string, run: {
  id: string;
  status?: string;
  result?: unknown;
  notification?: string | null;
  sources?: unknown;
  completedAt: string | null;
}): void {
  local.api.db.prepare(
    `INSERT INTO executions (id, task_id, status, result, notification, grounding_sources,
       started_at, completed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    run.id,
    taskId,
    run.status ?? "success",
    JSON.stringify(run.result ?? {}),
    run.notification ?? null,
    JSON.stringify(run.sources ?? []),
    run.completedAt ?? "2026-04-27T08:00:00Z",
    run.completedAt,
    run.completedAt ?? "2026-04-27T08:00:00Z",
  );
}

Deno.test("public tasks: {tasks,total,offset,limit}, newest first, scrubbed for all but the owner", async (t) => {
  const { local, tasks, other } = await world();
  await using _ = local;
  const [one, two] = tasks;
  for (
    const [name, key, sees] of [["the owner", local.key, true], ["another user", other, false], [
      "anonymous",
      undefined,
      false,
    ]] as const
  ) {
    await t.step(name, async () => {
      const res = await client(local, key)("GET", "/api/v1/public/tasks");
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.json), ["tasks", "total", "offset", "limit"]);
      assert.deepEqual([res.json.total, res.json.offset, res.json.limit], [2, 0, 20]);
      assert.deepEqual(res.json.tasks.map((task: Json) => task.id), [two.id, one.id]);
      const [first] = res.json.tasks;
      assert.equal(first.user_id, one.user_id, "user_id stays");
      assert.deepEqual(first.notifications.map((n: Json) => n.url), sees ? [WEBHOOK.url] : []);
      // Exactly GET task's Task: every field in its order.
      const read = await client(local, local.key)("GET", `/api/v1/tasks/${two.id}`);
      assert.deepEqual(Object.keys(first), Object.keys(read.json));
    });
  }
  await t.step("popular: view_count, then newest", async () => {
    local.api.db.prepare("UPDATE tasks SET view_count = 7 WHERE id = ?").run(one.id as string);
    const res = await client(local)("GET", "/api/v1/public/tasks?sort_by=popular");
    assert.deepEqual(res.json.tasks.map((task: Json) => task.id), [one.id, two.id]);
    const recent = await client(local)("GET", "/api/v1/public/tasks?sort_by=recent");
    assert.deepEqual(recent.json.tasks.map((task: Json) => task.id), [two.id, one.id]);
  });
  await t.step("offset and limit; past the end the total stays", async () => {
    const page = await client(local)("GET", "/api/v1/public/tasks?limit=1&offset=1");
    assert.deepEqual([page.json.tasks.map((x: Json) => x.id), page.json.total], [[one.id], 2]);
    const past = await client(local)("GET", "/api/v1/public/tasks?offset=5&limit=100");
    assert.deepEqual(past.json, { tasks: [], total: 2, offset: 5, limit: 100 });
  });
});

Deno.test("public tasks: offset, limit and sort_by are checked together (422, sort_by too)", async (t) => {
  await using local = await startCurrentApi();
  const cases: [string, [string, string][]][] = [
    ["offset=-1", [["offset", "greater_than_equal"]]],
    ["limit=0", [["limit", "greater_than_equal"]]],
    ["limit=101", [["limit", "less_than_equal"]]],
    ["limit=ten", [["limit", "int_parsing"]]],
    // Upstream answers 500 (KeyError): the enum is documentation only there.
    ["sort_by=views", [["sort_by", "enum"]]],
    ["offset=-1&limit=0&sort_by=x", [["offset", "greater_than_equal"], [
      "limit",
      "greater_than_equal",
    ], ["sort_by", "enum"]]],
  ];
  for (const [query, issues] of cases) {
    await t.step(query, async () => {
      const res = await client(local)("GET", `/api/v1/public/tasks?${query}`);
      assert.equal(res.status, 422);
      assert.deepEqual(
        res.json.detail.map((issue: Json) => [(issue.loc as string[])[1], issue.type]),
        issues,
      );
    });
  }
});

Deno.test("public task by id is GET task: the owner sees all, others a scrubbed public task, 404 or 422 otherwise", async () => {
  const { local, tasks, other } = await world();
  await using _ = local;
  const [one, , hidden] = tasks;
  const path = `/api/v1/public/tasks/id/${one.id}`;
  for (const key of [local.key, other, undefined]) {
    const [mine, plain] = [
      await client(local, key)("GET", path),
      await client(local, key)("GET", `/api/v1/tasks/${one.id}`),
    ];
    assert.deepEqual([mine.status, mine.json], [200, plain.json]);
  }
  assert.deepEqual((await client(local, other)("GET", path)).json.notifications, []);
  for (const key of [local.key, other, undefined]) {
    const res = await client(local, key)("GET", `/api/v1/public/tasks/id/${hidden.id}`);
    assert.equal(res.status, key === local.key ? 200 : 404, "the owner reads a private task");
  }
  const bad = await client(local)("GET", "/api/v1/public/tasks/id/nope");
  assert.deepEqual([bad.status, bad.json.detail[0].loc], [422, ["path", "task_id"]]);
});

Deno.test("public feed: notifying successful runs of public tasks only, newest first, task_user_id kept", async () => {
  const { local, tasks } = await world();
  await using _ = local;
  const [one, two, hidden] = tasks;
  storeRun(local, one.id as string, {
    id: "e1",
    notification: "Met",
    completedAt: "2026-04-27T09:00:00Z",
  });
  storeRun(local, two.id as string, {
    id: "e2",
    notification: "Met too",
    completedAt: "2026-04-27T10:00:00Z",
  });
  storeRun(local, two.id as string, { id: "e3", completedAt: "2026-04-27T11:00:00Z" });
  storeRun(local, hidden.id as string, {
    id: "e4",
    notification: "Private",
    completedAt: "2026-04-27T12:00:00Z",
  });
  const res = await client(local)("GET", "/api/v1/public/feed");
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.map((run: Json) => run.id), ["e2", "e1"]);
  assert.deepEqual(
    [res.json[0].task_name, res.json[0].task_is_public, res.json[0].task_user_id],
    ["Two", true, two.user_id],
  );
  assert.deepEqual((await client(local)("GET", "/api/v1/public/feed?limit=1")).json.length, 1);
  for (const limit of ["0", "101"]) {
    assert.equal((await client(local)("GET", `/api/v1/public/feed?limit=${limit}`)).status, 422);
  }
});

Deno.test("RSS: ElementTree's XML as application/rss+xml; a private task is 404 even for its owner", async (t) => {
  const { local, tasks } = await world({ frontendUrl: "http://localhost:5173" });
  await using _ = local;
  const [one, , hidden] = tasks;
  const long = "é".repeat(101);
  storeRun(local, one.id as string, {
    id: "r1",
    notification: "Launch <today> & more",
    result: { evidence: "Seen" },
    sources: [{ url: "https://a.example/x", title: "A" }, { url: "ftp://b" }, {
      url: "http://c.example",
    }],
    completedAt: "2026-04-27T09:00:00.123000Z",
  });
  storeRun(local, one.id as string, {
    id: "r2",
    result: { evidence: long },
    completedAt: "2026-04-27T08:00:00Z",
  });
  storeRun(local, one.id as string, { id: "r3", completedAt: "2026-04-27T07:00:00Z" });
  storeRun(local, one.id as string, {
    id: "r4",
    status: "failed",
    completedAt: "2026-04-27T10:00:00Z",
  });
  await t.step("the feed", async () => {
    const res = await client(local, local.key)("GET", `/tasks/${one.id}/rss`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/rss+xml");
    const self = `${local.url.replace("http://", "https://")}/tasks/${one.id}/rss`;
    const link = `http://localhost:5173/tasks/${one.id}`;
    const atom = "http://www.w3.org/2005/Atom";
    assert.equal(
      res.text,
      "<?xml version='1.0' encoding='utf-8'?>\n" +
        `<rss xmlns:atom="${atom}" version="2.0" xmlns:atom="${atom}"><channel>` +
        `<title>One - Torale Monitor</title><link>${link}</link>` +
        "<description>Monitoring results for: q One</description><language>en-us</language>" +
        `<atom:link rel="self" type="application/rss+xml" href="${self}" />` +
        `<item><title>Launch &lt;today&gt; &amp; more</title><link>${link}</link>` +
        '<guid isPermaLink="false">r1</guid><pubDate>Mon, 27 Apr 2026 09:00:00 +0000</pubDate>' +
        "<description>Seen\n\n\nSources:\n- A: https://a.example/x\n- http://c.example: http://c.example</description>" +
        "<category>Condition Met</category></item>" +
        `<item><title>${"é".repeat(100)}...</title><link>${link}</link>` +
        '<guid isPermaLink="false">r2</guid><pubDate>Mon, 27 Apr 2026 08:00:00 +0000</pubDate>' +
        `<description>${long}</description></item>` +
        `<item><title>Execution 2026-04-27T07:00:00+00:00</title><link>${link}</link>` +
        '<guid isPermaLink="false">r3</guid><pubDate>Mon, 27 Apr 2026 07:00:00 +0000</pubDate>' +
        "<description /></item></channel></rss>",
    );
  });
  await t.step("private: 404 for the owner too; a bad id is 422", async () => {
    const res = await client(local, local.key)("GET", `/tasks/${hidden.id}/rss`);
    assert.deepEqual([res.status, res.json], [404, { detail: "Task not found" }]);
    const gone = await client(local)("GET", `/tasks/${crypto.randomUUID()}/rss`);
    assert.deepEqual([gone.status, gone.json], [404, { detail: "Task not found" }]);
    assert.equal((await client(local)("GET", "/tasks/nope/rss")).status, 422);
  });
});

Deno.test("/public/stats on both generations: the capacity in active users", async () => {
  for (const generation of ["classic", "current"] as const) {
    await using local = await startTestApi({ generation });
    await local.api.createKey("other@example.com");
    const res = await client(local)("GET", "/public/stats");
    assert.deepEqual([res.status, res.json], [200, {
      capacity: { max_users: 100, current_users: 2, available_slots: 98 },
    }]);
    assert.equal((await client(local)("POST", "/public/stats")).status, 405, generation);
  }
});

Deno.test("classic has no public tasks, feed or RSS: 404 Not Found", async () => {
  await using local = await startTestApi({ generation: "classic" });
  const id = crypto.randomUUID();
  for (const path of ["/api/v1/public/tasks", "/api/v1/public/feed", `/tasks/${id}/rss`]) {
    const res = await client(local)("GET", path);
    assert.deepEqual([res.status, res.json], [404, { detail: "Not Found" }], path);
  }
});

Deno.test("current public routes: a trailing slash redirects, another method is 405", async () => {
  await using local = await startCurrentApi();
  const res = await client(local)("GET", "/api/v1/public/tasks/?limit=5");
  assert.deepEqual(
    [res.status, res.headers.get("location")],
    [307, `${local.url}/api/v1/public/tasks?limit=5`],
  );
  const post = await client(local)("POST", `/tasks/${crypto.randomUUID()}/rss`);
  assert.deepEqual([post.status, post.headers.get("allow")], [405, "GET"]);
});

Deno.test("upstream limits: public reads per address (keys do not matter), validation first, slowapi's 429", async (t) => {
  const { local, tasks, other } = await world({ rateLimit: "upstream" });
  await using _ = local;
  const limited = { error: "Rate limit exceeded: 10 per 1 minute" };
  await t.step("public tasks: 10 a minute, a 422 does not count", async () => {
    assert.equal((await client(local)("GET", "/api/v1/public/tasks?limit=0")).status, 422);
    const keys = [local.key, other, undefined];
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await client(local, keys[i % 3])("GET", "/api/v1/public/tasks")).status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(200), 429]);
    const res = await client(local)("GET", "/api/v1/public/tasks");
    assert.deepEqual([res.status, res.json], [429, limited]);
    assert.equal(res.headers.get("retry-after"), null, "slowapi sends no headers");
  });
  await t.step("a task by id: 20 a minute, its own window", async () => {
    const statuses = [];
    for (let i = 0; i < 21; i++) {
      statuses.push((await client(local)("GET", `/api/v1/public/tasks/id/${tasks[0].id}`)).status);
    }
    assert.deepEqual(statuses, [...Array(20).fill(200), 429]);
  });
  await t.step("RSS: 10 a minute, 404s count", async () => {
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await client(local)("GET", `/tasks/${tasks[2].id}/rss`)).status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(404), 429]);
  });
  await t.step("the feed: 10 a minute", async () => {
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await client(local)("GET", "/api/v1/public/feed")).status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(200), 429]);
  });
});
