/** Contract tests of the local API's authentication and /auth/* routes (torale-api.md §1.3, §1.4, §3.1). */
import assert from "node:assert/strict";
import { NOAUTH_USER_ID } from "../../local_api/server.ts";
import { sha256Hex } from "../../scripts/hash.ts";
import { startTestApi } from "../helpers/api.ts";
import { client, type Json, sleep, TASK } from "./client.ts";

Deno.test("auth split: 403 on /auth/* and 401 on /api/v1/* for a missing header; bad, revoked and non-sk tokens", async (t) => {
  await using local = await startTestApi();
  const cases: {
    name: string;
    key?: string;
    headers?: Record<string, string>;
    path: string;
    status: number;
    detail: string;
  }[] = [
    {
      name: "no header on /auth/* is 403",
      path: "/auth/me",
      status: 403,
      detail: "Not authenticated",
    },
    {
      name: "a non-Bearer header on /auth/* is 403",
      headers: { Authorization: "Basic abc" },
      path: "/auth/me",
      status: 403,
      detail: "Invalid authentication credentials",
    },
    {
      name: "no header on /api/v1/* is 401",
      path: "/api/v1/tasks/",
      status: 401,
      detail: "Not authenticated",
    },
    {
      name: "an unknown sk_ key is 401",
      key: "sk_" + "x".repeat(43),
      path: "/api/v1/tasks/",
      status: 401,
      detail: "Invalid API key",
    },
    {
      name: "a non-sk token is 503 without Clerk",
      key: "eyJhbGciOi.x.y",
      path: "/auth/me",
      status: 503,
      detail: "Clerk authentication not configured",
    },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      const res = await client(local, c.key)("GET", c.path, undefined, c.headers);
      assert.deepEqual([res.status, res.json], [c.status, { detail: c.detail }]);
      assert.equal(res.headers.get("www-authenticate"), null, "never a WWW-Authenticate");
    });
  }
  await t.step("a revoked key is 401", async () => {
    const old = local.key;
    const current = await local.api.createKey("user@example.com");
    const revoked = await client(local, old)("GET", "/auth/me");
    assert.deepEqual([revoked.status, revoked.json], [401, { detail: "Invalid API key" }]);
    assert.equal((await client(local, current)("GET", "/auth/me")).status, 200);
  });
});

Deno.test("auth is checked before validation", async () => {
  await using local = await startTestApi();
  const res = await client(local)("GET", "/api/v1/tasks/not-a-uuid");
  assert.equal(res.status, 401);
  const create = await client(local)("POST", "/api/v1/tasks/", "{broken");
  assert.equal(create.status, 401);
});

Deno.test("keys: sk_ + 43 url-safe characters, stored only as SHA-256, 15-character prefix, last_used_at bumped", async () => {
  await using local = await startTestApi();
  assert.match(local.key, /^sk_[A-Za-z0-9_-]{43}$/);
  const rows = local.api.db.prepare("SELECT * FROM api_keys").all() as Json[];
  assert.equal(rows.length, 1);
  assert.equal(rows[0].key_hash, await sha256Hex(local.key));
  assert(!JSON.stringify(rows).includes(local.key), "the key itself is never stored");
  const api = client(local, local.key);
  const [before] = (await api("GET", "/auth/api-keys")).json;
  assert.equal(before.key_prefix, local.key.slice(0, 15) + "...");
  assert.deepEqual(Object.keys(before), [
    "id",
    "user_id",
    "key_prefix",
    "name",
    "created_at",
    "last_used_at",
    "is_active",
  ]);
  await sleep(5);
  await api("GET", "/auth/me");
  const [after] = (await api("GET", "/auth/api-keys")).json;
  // Compared as times: isoZ's "…:00Z" is later than "…:00.995000Z" of the second before,
  // yet earlier as text.
  assert(Date.parse(after.last_used_at) > Date.parse(before.last_used_at));
});

Deno.test("/auth/me returns UserRead", async () => {
  await using local = await startTestApi();
  const res = await client(local, local.key)("GET", "/auth/me");
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
  await using local = await startTestApi();
  const api = client(local, local.key);
  const second = await api("POST", "/auth/api-keys", { name: "CI" });
  assert.deepEqual([second.status, second.json], [400, {
    detail: "You already have an active API key. Please revoke it before creating a new one.",
  }]);
  const missingName = await api("POST", "/auth/api-keys", {});
  assert.equal(missingName.status, 422);
  assert.deepEqual(missingName.json.detail[0].loc, ["body", "name"]);
  const [{ id }] = (await api("GET", "/auth/api-keys")).json;
  const revoked = await api("DELETE", `/auth/api-keys/${id}`);
  assert.deepEqual([revoked.status, revoked.json], [200, { status: "revoked" }]);
  const other = await local.api.createKey("other@example.com");
  const foreign = await client(local, other)("DELETE", `/auth/api-keys/${id}`);
  assert.deepEqual([foreign.status, foreign.json], [404, { detail: "API key not found" }]);
  const bad = await client(local, other)("DELETE", "/auth/api-keys/nope");
  assert.equal(bad.status, 422);
  assert.equal(bad.json.detail[0].type, "uuid_parsing");
});

Deno.test("api keys are listed newest first, revoked ones included with is_active false", async () => {
  await using local = await startTestApi({ noauth: true });
  const api = client(local);
  const first = await api("POST", "/auth/api-keys", { name: "first" });
  assert.equal(first.status, 200);
  assert.deepEqual(Object.keys(first.json), ["key", "key_info"]);
  await api("DELETE", `/auth/api-keys/${first.json.key_info.id}`);
  const again = await api("DELETE", `/auth/api-keys/${first.json.key_info.id}`);
  assert.equal(again.status, 200, "revoking an already revoked key of your own is fine");
  await sleep(5);
  await api("POST", "/auth/api-keys", { name: "second" });
  const list = (await api("GET", "/auth/api-keys")).json;
  assert.deepEqual(list.map((k: Json) => [k.name, k.is_active]), [["second", true], [
    "first",
    false,
  ]]);
});

Deno.test("NOAUTH: every route acts as the fixed test user, whatever the header", async () => {
  await using local = await startTestApi({ noauth: true });
  const me = await client(local)("GET", "/auth/me");
  assert.equal(me.status, 200);
  assert.equal(me.json.id, NOAUTH_USER_ID);
  const task = await client(local, "sk_" + "z".repeat(43))("POST", "/api/v1/tasks/", TASK);
  assert.equal(task.json.user_id, NOAUTH_USER_ID);
});
