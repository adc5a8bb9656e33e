/** Contract tests of the local API's templates (torale-api.md §3.3, torale-api-current.md §3.5). */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { client, type Json, startCurrentApi } from "./client.ts";

const CLASSIC_KEYS = [
  "name",
  "description",
  "category",
  "icon",
  "search_query",
  "condition_description",
  "schedule",
  "notify_behavior",
  "config",
  "id",
  "state",
  "created_at",
  "updated_at",
];
const CURRENT_KEYS = [
  "name",
  "description",
  "category",
  "icon",
  "search_query",
  "condition_description",
  "id",
  "is_active",
  "created_at",
  "updated_at",
];

Deno.test("classic templates: no auth, ordered by category then name, fields in the classic order", async () => {
  await using local = await startTestApi();
  const res = await client(local)("GET", "/api/v1/templates/");
  assert.equal(res.status, 200, res.text);
  const list = res.json as Json[];
  assert.ok(list.length >= 5);
  const order = list.map((t) => `${t.category}/${t.name}`);
  assert.deepEqual(order, [...order].sort());
  for (const template of list) assert.deepEqual(Object.keys(template), CLASSIC_KEYS);
  assert.equal(list[0].state, "active");
  assert.deepEqual(list[0].config, { model: "gemini-2.5-flash" });
});

Deno.test("templates: the service's seed rows (6 on classic, 8 on current), updated_at set", async () => {
  // 68b3320 `1ccec0168405_seed_task_templates.py` then `3dcde9bea1b3` (model → 2.5-flash);
  // d64cd83 `9aec4cc24632_add_creative_templates.py`. Both columns are NOT NULL DEFAULT NOW().
  for (const [start, count] of [[startTestApi, 6], [startCurrentApi, 8]] as const) {
    await using local = await start();
    const list = (await client(local)("GET", "/api/v1/templates/")).json as Json[];
    assert.equal(list.length, count);
    for (const template of list) {
      assert.equal(typeof template.updated_at, "string");
      assert.equal(template.updated_at, template.created_at);
      if (template.config) assert.deepEqual(template.config, { model: "gemini-2.5-flash" });
    }
  }
  await using current = await startCurrentApi();
  const names = ((await client(current)("GET", "/api/v1/templates/")).json as Json[])
    .map((t) => `${String(t.id).slice(0, 8)} ${t.category}/${t.name}`);
  assert.ok(names.includes("7e3a1c17 Nature/Northern Lights London"), names.join("\n"));
  assert.ok(names.includes("7e3a1c18 Careers/Anthropic Jobs"), names.join("\n"));
});

Deno.test("current templates: is_active and none of schedule, notify_behavior, config or state", async () => {
  await using local = await startCurrentApi();
  const list = (await client(local)("GET", "/api/v1/templates/")).json as Json[];
  assert.ok(list.length >= 5);
  for (const template of list) {
    assert.deepEqual(Object.keys(template), CURRENT_KEYS);
    assert.equal(template.is_active, true);
  }
});

Deno.test("templates filter by exact category; an empty category lists all", async () => {
  await using local = await startTestApi();
  const http = client(local);
  const tech = (await http("GET", "/api/v1/templates/?category=Tech")).json as Json[];
  assert.ok(tech.length >= 2);
  assert.ok(tech.every((t) => t.category === "Tech"));
  assert.deepEqual((await http("GET", "/api/v1/templates/?category=tech")).json, []);
  const all = (await http("GET", "/api/v1/templates/")).json as Json[];
  assert.equal(
    ((await http("GET", "/api/v1/templates/?category=")).json as Json[]).length,
    all.length,
  );
});

Deno.test("a template by id; unknown id 404, malformed id 422, on both generations", async () => {
  for (const start of [startTestApi, startCurrentApi]) {
    await using local = await start();
    const http = client(local);
    const [first] = (await http("GET", "/api/v1/templates/")).json as Json[];
    const one = await http("GET", `/api/v1/templates/${first.id}`);
    assert.deepEqual([one.status, one.json], [200, first]);
    const missing = await http("GET", "/api/v1/templates/00000000-0000-4000-8000-000000000000");
    assert.deepEqual([missing.status, missing.json], [404, { detail: "Template not found" }]);
    const bad = await http("GET", "/api/v1/templates/nope");
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.json.detail[0].loc, ["path", "template_id"]);
  }
});

Deno.test("current: /api/v1/templates without the slash redirects (307) as Starlette does", async () => {
  await using local = await startCurrentApi();
  const res = await client(local)("GET", "/api/v1/templates?category=Tech");
  assert.equal(res.status, 307);
  assert.ok(res.headers.get("location")!.endsWith("/api/v1/templates/?category=Tech"));
});
