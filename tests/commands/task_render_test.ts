/**
 * How tasks look in list, get and logs when the API leaves fields out or
 * answers in its newer generation, in-process against stubs.
 */
import assert from "node:assert/strict";
import { commandLine, type InProcessOptions, runNoAuth, tempHome } from "../helpers/cli.ts";
import { json, stubFetch } from "../helpers/fetch_stub.ts";

Deno.test("tasks from the newer API generation (no schedule, no condition_met) still render", async () => {
  const task = {
    id: "abcd1111-0000-4000-8000-000000000000",
    name: "New monitor",
    state: "active",
    search_query: "x",
    condition_description: "y",
    created_at: "2026-01-01T00:00:00+00:00",
    next_run: "2026-01-02T09:00:00+00:00",
    last_execution: {
      id: "e",
      task_id: "abcd1111-0000-4000-8000-000000000000",
      status: "success",
      notification: "Found it",
      started_at: "2026-01-01T09:00:00+00:00",
      completed_at: "2026-01-01T09:00:02+00:00",
    },
  };
  const stub = stubFetch([
    { method: "GET", path: "/api/v1/tasks/", respond: () => json(200, [task]) },
    { method: "GET", path: `/api/v1/tasks/${task.id}`, respond: () => json(200, task) },
  ]);
  const options = { home: await tempHome(), fetch: stub.fetch };
  const list = await runNoAuth(["task", "list"], options);
  assert.equal(list.code, 0, list.stderr);
  assert.match(
    list.stdout,
    /^ID\tNAME\tSTATE\tNEXT RUN\t.*\nabcd1111-\S+\tNew monitor\tactive\t2026-01-02 09:00:00 UTC\tyes\t2026-01-01 09:00:00 UTC\n$/,
  );
  const get = await runNoAuth(["task", "get", task.id], options);
  assert.equal(get.code, 0, get.stderr);
  assert.match(get.stdout, /Last Execution:\s+success, condition met/);
  assert.match(get.stdout, /^Next Run:\s+.* \(2026-01-02 09:00:00 UTC\)$/m);
  assert.match(get.stdout, /^Visibility:\s+private$/m);
  assert.doesNotMatch(get.stdout, /^(Schedule|Notify Behavior|Config):/m);
  stub.assertDone();
});

/** The API at localhost:8000 answering every request with `body`. */
function answering(body: unknown): Partial<InProcessOptions> {
  return {
    env: { TORALE_API_URL: "http://localhost:8000" },
    fetch: () => Promise.resolve(Response.json(body)),
  };
}

Deno.test("fields the API left out are shown as '-' in list, get and logs", async (ctx) => {
  const result = await runNoAuth(["task", "list"], answering([{ id: "a" }]));
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.split("\n")[1], "a\t-\t-\t-\tno\t-");
  const id = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
  const answers: [string[], unknown][] = [[["task", "get", id], { id }], [["task", "logs", id], [{
    id: "x",
  }]]];
  for (const [args, body] of answers) {
    await ctx.step(commandLine(args), async () => {
      const shown = await runNoAuth(args, answering(body));
      assert.equal(shown.code, 0, shown.stderr);
      assert(!shown.stdout.includes("undefined"), shown.stdout);
      assert.match(shown.stdout, /^(Name|Status):\s+-$/m);
    });
  }
});

Deno.test("paused and completed tasks show '-' as next run; --json keeps the server's value", async () => {
  const base = {
    search_query: "x",
    condition_description: "y",
    created_at: "2026-01-01T00:00:00+00:00",
    next_run: "2026-01-02T09:00:00+00:00",
    is_public: false,
  };
  const tasks = [
    { ...base, id: "abcd1111-0000-4000-8000-000000000000", name: "Active", state: "active" },
    { ...base, id: "abcd2222-0000-4000-8000-000000000000", name: "Paused", state: "paused" },
    { ...base, id: "abcd3333-0000-4000-8000-000000000000", name: "Done", state: "completed" },
  ];
  const stub = stubFetch([
    { method: "GET", path: "/api/v1/tasks/", respond: () => json(200, tasks) },
    { method: "GET", path: "/api/v1/tasks/", respond: () => json(200, tasks) },
    ...tasks.map((task) => ({
      method: "GET",
      path: `/api/v1/tasks/${task.id}`,
      respond: () => json(200, task),
    })),
  ]);
  const options = { home: await tempHome(), fetch: stub.fetch };
  const list = await runNoAuth(["task", "list"], options);
  assert.equal(list.code, 0, list.stderr);
  const rows = list.stdout.trimEnd().split("\n").slice(1).map((row) => row.split("\t"));
  assert.deepEqual(rows.map((row) => [row[1], row[3]]), [
    ["Active", "2026-01-02 09:00:00 UTC"],
    ["Paused", "-"],
    ["Done", "-"],
  ]);
  const listed = await runNoAuth(["task", "list", "--json"], options);
  assert.deepEqual(
    JSON.parse(listed.stdout).map((task: { next_run: string }) => task.next_run),
    tasks.map((task) => task.next_run),
  );
  for (const task of tasks) {
    const get = await runNoAuth(["task", "get", task.id], options);
    assert.equal(get.code, 0, get.stderr);
    const expected = task.state === "active"
      ? /^Next Run:\s+.* \(2026-01-02 09:00:00 UTC\)$/m
      : /^Next Run:\s+-$/m;
    assert.match(get.stdout, expected, task.name);
  }
  stub.assertDone();
});
