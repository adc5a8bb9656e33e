/**
 * Contract tests of what every route of the current generation shares (torale-api-current.md
 * §1.3, §2.3, §3.1, §6): health, 401 everywhere, UserRead, the upstream rate limits, and a
 * database of the first schema opened by either generation.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type Generation, startLocalApi } from "../../local_api/server.ts";
import { openDatabase } from "../../local_api/storage/db.ts";
import { router } from "../../local_api/http.ts";
import { securityHeaders } from "../../local_api/middleware/security_headers.ts";
import { startTestApi } from "../helpers/api.ts";
import { client, createdCurrent, type Json, startCurrentApi } from "./client.ts";

const TASK_ID = "11111111-2222-4333-8444-555555555555";

Deno.test("current health: {status: healthy} without a service name, no auth", async () => {
  await using local = await startCurrentApi();
  const res = await client(local)("GET", "/health");
  assert.deepEqual([res.status, res.json], [200, { status: "healthy" }]);
});

Deno.test("current auth: 401 everywhere, never 403, never WWW-Authenticate", async (t) => {
  await using local = await startCurrentApi();
  const routes: [string, string][] = [
    ["GET", "/auth/me"],
    ["GET", "/auth/api-keys"],
    ["POST", "/auth/api-keys"],
    ["DELETE", `/auth/api-keys/${TASK_ID}`],
    ["POST", "/auth/mark-welcome-seen"],
    ["GET", "/api/v1/tasks/"],
    ["POST", "/api/v1/tasks/"],
    ["GET", "/api/v1/tasks/feed"],
    ["PUT", `/api/v1/tasks/${TASK_ID}`],
    ["DELETE", `/api/v1/tasks/${TASK_ID}`],
    ["POST", `/api/v1/tasks/${TASK_ID}/execute`],
    ["PATCH", `/api/v1/tasks/${TASK_ID}/visibility`],
    ["POST", `/api/v1/tasks/${TASK_ID}/fork`],
  ];
  const headers: [string, Record<string, string>, number, string][] = [
    ["no header", {}, 401, "Not authenticated"],
    ["a Basic header", { Authorization: "Basic abc" }, 401, "Not authenticated"],
    ["an unknown key", { Authorization: `Bearer sk_${"x".repeat(43)}` }, 401, "Invalid API key"],
    [
      "a JWT without Clerk",
      { Authorization: "Bearer eyJ.x.y" },
      503,
      "Clerk authentication not configured",
    ],
  ];
  for (const [name, header, status, detail] of headers) {
    await t.step(`${name}: ${status} "${detail}" on every route`, async () => {
      for (const [method, path] of routes) {
        const body = method === "GET" || method === "DELETE" ? undefined : {};
        const res = await client(local)(method, path, body, header);
        assert.deepEqual([res.status, res.json], [status, { detail }], `${method} ${path}`);
        assert.equal(res.headers.get("www-authenticate"), null);
      }
    });
  }
});

Deno.test("current /auth: UserRead adds username and has_seen_welcome; keys as APIKey; NOAUTH covers it", async (t) => {
  await using local = await startCurrentApi();
  const api = client(local, local.key);
  await t.step("UserRead's fields in order", async () => {
    const me = (await api("GET", "/auth/me")).json;
    assert.deepEqual(Object.keys(me), [
      "id",
      "clerk_user_id",
      "email",
      "first_name",
      "username",
      "is_active",
      "has_seen_welcome",
      "created_at",
    ]);
    assert.deepEqual([me.username, me.has_seen_welcome], [null, false]);
  });
  await t.step("mark-welcome-seen", async () => {
    const res = await api("POST", "/auth/mark-welcome-seen");
    assert.deepEqual([res.status, res.json], [200, { status: "success" }]);
    assert.equal((await api("GET", "/auth/me")).json.has_seen_welcome, true);
  });
  await t.step("keys: one active key, revoke answers revoked", async () => {
    const again = await api("POST", "/auth/api-keys", { name: "second" });
    assert.equal(again.status, 400);
    const [key] = (await api("GET", "/auth/api-keys")).json;
    assert.match(key.key_prefix, /^sk_[A-Za-z0-9_-]{12}\.\.\.$/);
    const revoked = await api("DELETE", `/auth/api-keys/${key.id}`);
    assert.deepEqual([revoked.status, revoked.json], [200, { status: "revoked" }]);
  });
  await t.step("NOAUTH: the fixed user on /auth/* without a header", async () => {
    await using noauth = await startCurrentApi({ noauth: true });
    const me = (await client(noauth)("GET", "/auth/me")).json;
    assert.equal(me.clerk_user_id, "test_user_noauth");
  });
});

Deno.test("current upstream rate limits: 10 creates and 3 key requests a minute per token, {error} and no headers", async (t) => {
  await using local = await startCurrentApi({ rateLimit: "upstream" });
  const api = client(local, local.key);
  await t.step("refused requests do not count", async () => {
    for (let i = 0; i < 5; i++) assert.equal((await api("POST", "/api/v1/tasks/", {})).status, 422);
  });
  await t.step("the 11th create is a 429", async () => {
    for (let i = 0; i < 10; i++) await createdCurrent(local, { name: `t${i}`, search_query: "q" });
    const res = await api("POST", "/api/v1/tasks/", { name: "t10", search_query: "q" });
    assert.deepEqual([res.status, res.json], [429, {
      error: "Rate limit exceeded: 10 per 1 minute",
    }]);
    for (const name of ["retry-after", "x-ratelimit-limit", "x-ratelimit-remaining"]) {
      assert.equal(res.headers.get(name), null, name);
    }
  });
  await t.step(
    "a NUL in a create counts (upstream's limiter runs before its failing INSERT)",
    async () => {
      await using fresh = await startCurrentApi({ rateLimit: "upstream" });
      const http = client(fresh, fresh.key);
      const nul = await http("POST", "/api/v1/tasks/", { name: "a\u0000b", search_query: "q" });
      assert.equal(nul.status, 422);
      assert.equal(nul.json.detail[0].type, "value_error");
      for (let i = 0; i < 9; i++) await createdCurrent(fresh, { name: `n${i}`, search_query: "q" });
      const res = await http("POST", "/api/v1/tasks/", { name: "n9", search_query: "q" });
      assert.equal(res.status, 429, "the 10th create after a NUL one is the 11th request counted");
    },
  );
  await t.step("other routes and other tokens are not limited", async () => {
    assert.equal((await api("GET", "/api/v1/tasks/")).status, 200);
    const other = await local.api.createKey("other@example.com");
    const res = await client(local, other)("POST", "/api/v1/tasks/", { search_query: "q" });
    assert.equal(res.status, 200);
  });
  await t.step("the 4th key request is a 429, even after 400s", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await api("POST", "/auth/api-keys", { name: "k" })).status);
    }
    assert.deepEqual(statuses, [400, 400, 400, 429]);
  });
  await t.step("off unless asked for", async () => {
    await using unlimited = await startCurrentApi();
    for (let i = 0; i < 11; i++) {
      await createdCurrent(unlimited, { name: `u${i}`, search_query: "q" });
    }
  });
  await t.step("each generation takes only its own kind of limit", async () => {
    await assert.rejects(startLocalApi({ generation: "current", rateLimit: 5 }), /upstream/);
    await assert.rejects(startLocalApi({ generation: "classic", rateLimit: "upstream" }), /number/);
  });
});

Deno.test("a database of the first schema migrates; its classic tasks read on either generation", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "torale-migrate-" });
  const file = join(dir, "torale.db");
  const old = openDatabase(file, 1);
  old.exec(
    `INSERT INTO users (id, clerk_user_id, email, created_at)
       VALUES ('${crypto.randomUUID()}', 'c', 'old@example.com', '2025-12-01T00:00:00Z');
     INSERT INTO tasks (id, user_id, name, schedule, executor_type, config, state, search_query,
         condition_description, notify_behavior, notifications, created_at, state_changed_at)
       SELECT '${TASK_ID}', id, 'Old', '0 9 * * *', 'llm_grounded_search', '{}', 'active', 'q', 'c',
         'once', '[]', '2025-12-01T00:00:00Z', '2025-12-01T00:00:00Z' FROM users;
     INSERT INTO executions (id, task_id, status, condition_met, started_at, created_at)
       VALUES ('${crypto.randomUUID()}', '${TASK_ID}', 'success', 1, '2025-12-02T00:00:00Z',
         '2025-12-02T00:00:00Z');`,
  );
  old.close();
  const expected: Record<Generation, Json> = {
    current: { name: "Old", next_run: null, is_public: false },
    classic: { name: "Old", schedule: "0 9 * * *", notify_behavior: "once" },
  };
  for (const generation of ["current", "classic"] as const) {
    await t.step(generation, async () => {
      const api = await startLocalApi({ db: file, generation });
      try {
        const key = await api.createKey("old@example.com");
        const listed = (await client(api, key)("GET", "/api/v1/tasks/")).json;
        const task = listed.find((x: Json) => x.id === TASK_ID);
        for (const [field, value] of Object.entries(expected[generation])) {
          assert.deepEqual(task[field], value, field);
        }
        const runs = await client(api, key)("GET", `/api/v1/tasks/${TASK_ID}/executions`);
        assert.equal(runs.json.length, 1);
        // Each leaves a task of its own for the other to read: current's has no schedule.
        const made = await client(api, key)("POST", "/api/v1/tasks/", {
          name: `made on ${generation}`,
          schedule: "0 9 * * *",
          config: {},
          search_query: "q",
          condition_description: "c",
        });
        assert.equal(made.status, 200);
        const fromCurrent = listed.find((x: Json) => x.name === "made on current");
        if (generation === "classic") assert.equal(fromCurrent.schedule, null);
        assert(api.runDueTasks(new Date(Date.now() + 86_400_000)) >= 1, "due runs start");
      } finally {
        await api.close();
      }
    });
  }
});

Deno.test("current: every answer carries upstream's security headers; classic sends none", async () => {
  // d64cd83 api/main.py SecurityHeadersMiddleware, value for value.
  const expected = {
    "x-content-type-options": "nosniff",
    "strict-transport-security": "max-age=31536000; includeSubDomains; preload",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "geolocation=(), microphone=(), camera=()",
    "content-security-policy":
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self' https://*.torale.ai; frame-ancestors 'none'; object-src 'none'; base-uri 'self';",
  };
  await using current = await startCurrentApi();
  const http = client(current);
  for (
    const [method, path, status] of [
      ["GET", "/health", 200],
      ["GET", "/api/v1/tasks/", 401],
      ["GET", "/nope", 404],
      ["DELETE", "/health", 405],
      ["GET", "/api/v1/templates", 307],
    ] as const
  ) {
    const res = await http(method, path);
    assert.equal(res.status, status, path);
    for (const [name, value] of Object.entries(expected)) {
      assert.equal(res.headers.get(name), value, `${method} ${path}: ${name}`);
    }
  }
  await using classic = await startTestApi();
  const res = await client(classic)("GET", "/health");
  for (const name of Object.keys(expected)) assert.equal(res.headers.get(name), null, name);
});

Deno.test("security headers: an unhandled exception's 500 has none, as from Starlette's outer handler", async () => {
  const app = router();
  app.use("*", securityHeaders());
  app.get("/boom", () => {
    throw new Error("boom");
  });
  app.onError((_error, c) => c.text("Internal Server Error", 500));
  const boom = await app.request("/boom");
  assert.equal(boom.status, 500);
  assert.equal(boom.headers.get("x-content-type-options"), null);
  const missing = await app.request("/nope");
  assert.equal(missing.headers.get("x-content-type-options"), "nosniff");
});
