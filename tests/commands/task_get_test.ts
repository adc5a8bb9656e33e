/** `torale task get` and how every task verb resolves an id or an id prefix, in-process. */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runNoAuth, runWithKey } from "../helpers/cli.ts";
import { json, stubFetch } from "../helpers/fetch_stub.ts";
import { createTask } from "../helpers/tasks.ts";

Deno.test("task get shows labelled fields and resolves id prefixes", async () => {
  await using t = await startTestApi();
  const task = await createTask(t, ["-w", "https://example.com/h"]);
  const result = await runWithKey(t, ["task", "get", task.id.slice(0, 6)]);
  assert.equal(result.code, 0, result.stderr);
  for (
    const line of [
      `ID:               ${task.id}`,
      "Search Query:     Rust 2.0 release",
      "Condition:        Released",
      "Schedule:         0 9 * * * UTC (At 09:00 AM)",
      "State:            active",
      "Notify Behavior:  once",
      "Condition Met:    no",
      "Last Notified:    -",
      "  - webhook: https://example.com/h",
      "Config:           {} (the service's default model)",
      "Last Execution:   never run",
    ]
  ) {
    assert(result.stdout.includes(line + "\n"), line);
  }
  assert.match(result.stdout, /^Created:\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/m);
  const asJson = JSON.parse((await runWithKey(t, ["task", "get", task.id, "--json"])).stdout);
  assert.equal(asJson.id, task.id);
});

Deno.test("unknown, malformed and too-short ids give clear errors", async () => {
  await using t = await startTestApi();
  await createTask(t);
  const unknown = await runWithKey(t, ["task", "get", "00000000-0000-4000-8000-000000000000"]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^Error: Task not found: "00000000-0000-4000-8000-000000000000"\n/);
  const malformed = await runWithKey(t, ["task", "get", "not-an-id!"]);
  assert.equal(malformed.code, 1);
  assert.match(malformed.stderr, /^Error: Task not found: "not-an-id!"\n/);
  assert(!malformed.stderr.includes("uuid_parsing"));
  const unmatched = await runWithKey(t, ["task", "get", "ffffffff"]);
  assert.match(unmatched.stderr, /^Error: Task not found: "ffffffff"\n/);
  const short = await runWithKey(t, ["task", "get", "ab"]);
  assert.equal(short.code, 2);
  assert.match(short.stderr, /too short/);
});

Deno.test("an ambiguous id prefix lists the candidates", async () => {
  const tasks = [
    {
      id: "abcd1111-0000-4000-8000-000000000000",
      name: "one",
      state: "active",
      created_at: "2026-01-01T00:00:00Z",
    },
    {
      id: "abcd2222-0000-4000-8000-000000000000",
      name: "two",
      state: "active",
      created_at: "2026-01-01T00:00:00Z",
    },
  ];
  const stub = stubFetch([{
    method: "GET",
    path: "/api/v1/tasks/",
    respond: () => json(200, tasks),
  }]);
  const result = await runNoAuth(["task", "get", "abcd"], { fetch: stub.fetch });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^Error: Task id prefix "abcd" is ambiguous: 2 tasks match\n/);
  assert.match(result.stderr, /abcd1111-.*one/);
  stub.assertDone();
});
