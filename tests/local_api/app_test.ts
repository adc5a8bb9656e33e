/** Contract tests of what every route of the local API shares: health, limits, routing, storage. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startLocalApi } from "../../local_api/server.ts";
import { startTestApi } from "../helpers/api.ts";
import { client, created, type Json, TASK } from "./client.ts";

Deno.test("health answers without auth", async () => {
  await using local = await startTestApi();
  const res = await client(local)("GET", "/health");
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { status: "healthy", service: "torale-api" });
});

Deno.test("rate limiting: 429 with retry_after, Retry-After and X-RateLimit headers", async () => {
  await using local = await startTestApi({ rateLimit: 2 });
  const api = client(local, local.key);
  const ok = await api("GET", "/api/v1/tasks/");
  assert.equal(ok.headers.get("x-ratelimit-limit"), "2");
  assert.equal(ok.headers.get("x-ratelimit-remaining"), "1");
  await api("GET", "/api/v1/tasks/");
  const limited = await api("GET", "/api/v1/tasks/");
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get("x-ratelimit-remaining"), "0");
  assert.equal(limited.json.detail, "Rate limit exceeded");
  assert(limited.json.retry_after >= 1 && limited.json.retry_after <= 60);
  assert.equal(limited.headers.get("retry-after"), String(limited.json.retry_after));
  assert.match(limited.headers.get("x-ratelimit-reset") ?? "", /^\d+$/);
  assert.equal((await client(local)("GET", "/health")).status, 200, "health is never limited");
});

Deno.test("bad input never crashes it: huge bodies 413, unknown routes 404, wrong methods 405", async () => {
  await using local = await startTestApi();
  const api = client(local, local.key);
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
  const patch = await api("PATCH", `/api/v1/tasks/${crypto.randomUUID()}`);
  assert.deepEqual([patch.status, patch.json], [405, { detail: "Method Not Allowed" }]);
  // Starlette names the methods of the first route whose path matches (as the real service).
  assert.equal(wrong.headers.get("allow"), "POST");
  assert.equal(patch.headers.get("allow"), "GET");
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

Deno.test("lists are newest first by time, also when a timestamp has no fraction", async () => {
  await using local = await startTestApi();
  const api = client(local, local.key);
  const db = local.api.db;
  // isoZ writes "…:00Z" when the milliseconds are zero and "…:00.300000Z" otherwise;
  // compared as text, the first would sort after the others of the same second.
  const second = [
    "2026-01-01T00:00:00Z",
    "2026-01-01T00:00:00.300000Z",
    "2026-01-01T00:00:00.600000Z",
  ];
  const task = await created(local, { notify_behavior: "always" });
  const taskId = task.id as string;
  const runs: string[] = [];
  const tasks: string[] = [];
  for (const at of second) {
    const run = (await api("POST", `/api/v1/tasks/${task.id}/execute`)).json.id;
    db.prepare("UPDATE executions SET started_at = ? WHERE id = ?").run(at, run);
    runs.push(run);
    const other = (await created(local, {})).id as string;
    db.prepare("UPDATE tasks SET created_at = ? WHERE id = ?").run(at, other);
    tasks.push(other);
  }
  db.prepare("UPDATE tasks SET created_at = ? WHERE id = ?").run("2025-01-01T00:00:00Z", taskId);
  const listed = (await api("GET", `/api/v1/tasks/${taskId}/executions`)).json;
  assert.deepEqual(listed.map((r: Json) => r.id), runs.toReversed());
  const all = (await api("GET", "/api/v1/tasks/")).json;
  assert.deepEqual(all.map((r: Json) => r.id), [...tasks.toReversed(), taskId]);
  const [current] = (await api("GET", "/auth/api-keys")).json;
  db.prepare("UPDATE api_keys SET created_at = ? WHERE id = ?").run(
    "2025-01-01T00:00:00Z",
    current.id,
  );
  const revoked = second.map((at, i) => {
    const id = crypto.randomUUID();
    db.prepare(
      `INSERT INTO api_keys (id, user_id, key_hash, key_prefix, name, created_at, is_active)
       SELECT ?, user_id, ?, key_prefix, ?, ?, 0 FROM api_keys WHERE id = ?`,
    ).run(id, `hash-${i}`, `old ${i}`, at, current.id);
    return id;
  });
  const keys = (await api("GET", "/auth/api-keys")).json;
  assert.deepEqual(keys.map((k: Json) => k.id), [...revoked.toReversed(), current.id]);
});
