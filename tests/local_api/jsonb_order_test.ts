/**
 * JSONB columns read back as the service reads them (asyncpg gives Postgres's text): object
 * keys shorter first, then bytewise, at every depth; current's `metadata` is added after.
 */
import assert from "node:assert/strict";
import { parseJsonb } from "../../local_api/shapes/tasks.ts";
import { startTestApi } from "../helpers/api.ts";
import { client, created, createdCurrent, type Json, waitFor } from "./client.ts";

const MET = { answer: "Out now", condition_met: true, sources: [{ url: "https://x.example/a" }] };

Deno.test("parseJsonb orders keys as jsonb does, nested and in arrays", () => {
  const value = parseJsonb('{"bb":1,"a":{"zz":1,"é":2,"y":3},"ab":[{"title":"t","url":"u"}]}');
  assert.deepEqual(
    JSON.stringify(value),
    '{"a":{"y":3,"zz":1,"é":2},"ab":[{"url":"u","title":"t"}],"bb":1}',
  );
  assert.equal(parseJsonb(null), null);
});

for (const generation of ["classic", "current"] as const) {
  Deno.test(`${generation}: a run's result has jsonb's key order`, async () => {
    await using local = await startTestApi({ generation, results: { "*": MET } });
    const api = client(local, local.key);
    const task = generation === "current"
      ? await createdCurrent(local, { search_query: "q" })
      : await created(local);
    await api("POST", `/api/v1/tasks/${task.id}/execute`);
    const run = await waitFor(async () => {
      const [row] = (await api("GET", `/api/v1/tasks/${task.id}/executions`)).json as Json[];
      return row?.status === "success" ? row : undefined;
    });
    assert.deepEqual(
      Object.keys(run.result as Json),
      generation === "current"
        ? [
          "activity",
          "evidence",
          "next_run",
          "confidence",
          "notification",
          "grounding_sources",
          "metadata",
        ]
        : [
          "answer",
          "success",
          "condition_met",
          "current_state",
          "change_summary",
          "grounding_sources",
        ],
    );
  });
}

Deno.test("classic: a task's config comes back in jsonb's key order, its notifications in the model's", async () => {
  await using local = await startTestApi();
  const task = await created(local, {
    config: { model: "m", zz: 1 },
    notifications: [{ type: "email", address: "user@example.com" }],
  });
  const read = (await client(local, local.key)("GET", `/api/v1/tasks/${task.id}`)).json as Json;
  assert.deepEqual(Object.keys(read.config as Json), ["zz", "model"]);
  const [email] = read.notifications as Json[];
  // The real classic server reads them into NotificationConfig (measured with the realserver kit).
  assert.deepEqual(Object.keys(email), ["type", "address", "template", "url", "method", "headers"]);
});

Deno.test("current: a task's context comes back in jsonb's key order", async () => {
  await using local = await startTestApi({ generation: "current" });
  const task = await createdCurrent(local, { search_query: "q", context: { long_key: 1, k: 2 } });
  const read = (await client(local, local.key)("GET", `/api/v1/tasks/${task.id}`)).json as Json;
  assert.deepEqual(Object.keys(read.context as Json), ["k", "long_key"]);
});

Deno.test("current: a task's notifications come in NotificationConfig's field order, not jsonb's", async () => {
  await using local = await startTestApi({ generation: "current" });
  const api = client(local, local.key);
  const hook = { url: "https://x.example/h", type: "webhook" };
  const task = await createdCurrent(local, { search_query: "q", notifications: [hook] });
  const order = ["type", "address", "template", "url", "method", "headers"];
  assert.deepEqual(Object.keys((task.notifications as Json[])[0]), order);
  const listed = (await api("GET", "/api/v1/tasks/")).json as Json[];
  assert.deepEqual(Object.keys((listed[0].notifications as Json[])[0]), order);
});
