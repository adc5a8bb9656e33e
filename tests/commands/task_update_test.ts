/** `torale task update`, `pause` and `resume`, in-process against stubs and the local API. */
import assert from "node:assert/strict";
import type { Task } from "../../src/api/types.ts";
import { startTestApi } from "../helpers/api.ts";
import { runNoAuth, runWithKey } from "../helpers/cli.ts";
import { classicHealth, json, stubFetch } from "../helpers/fetch_stub.ts";
import { apiTasks, createTask } from "../helpers/tasks.ts";

Deno.test("task update sends only the given fields, several at once", async () => {
  const stub = stubFetch([classicHealth, {
    method: "PUT",
    path: "/api/v1/tasks/abcd1111-0000-4000-8000-000000000000",
    respond: async (request) => {
      assert.deepEqual(await request.json(), {
        name: "New",
        schedule: "0 */2 * * *",
        notify_behavior: "always",
        state: "paused",
      });
      return json(200, {
        id: "abcd1111-0000-4000-8000-000000000000",
        name: "New",
        schedule: "0 */2 * * *",
        notify_behavior: "always",
        state: "paused",
        created_at: "x",
      });
    },
  }]);
  const result = await runNoAuth(
    [
      "task",
      "update",
      "abcd1111-0000-4000-8000-000000000000",
      "--name",
      "New",
      "--schedule",
      "0 */2 * * *",
      "--notify-behavior",
      "always",
      "--inactive",
    ],
    { fetch: stub.fetch },
  );
  assert.equal(result.code, 0, result.stderr);
  stub.assertDone();
});

Deno.test("task update: nothing given is a usage error; the server's reason for an illegal transition is shown", async () => {
  await using t = await startTestApi();
  const task = await createTask(t, ["--paused"]);
  const nothing = await runWithKey(t, ["task", "update", task.id]);
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /^Error: Nothing to update\n/);
  const illegal = await runWithKey(t, ["task", "update", task.id, "--complete"]);
  assert.equal(illegal.code, 1);
  assert.equal(
    illegal.stderr,
    "Error: Invalid state transition: Cannot transition from paused to completed\n",
  );
  const twoStates = await runWithKey(t, ["task", "update", task.id, "--active", "--pause"]);
  assert.equal(twoStates.code, 2);
  const badCron = await runWithKey(t, ["task", "update", task.id, "--schedule", "whenever"]);
  assert.equal(badCron.code, 2);
  const [unchanged] = await apiTasks(t);
  assert.equal(unchanged.state, "paused");
  assert.equal(unchanged.schedule, "0 9 * * *");
});

Deno.test("task pause and resume change the state", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const paused = await runWithKey(t, ["task", "pause", task.id.slice(0, 8)]);
  assert.equal(paused.code, 0, paused.stderr);
  assert.equal(paused.stdout, `✓ Paused "${task.name}" (${task.id.slice(0, 8)})\n`);
  assert.equal((await apiTasks(t))[0].state, "paused");
  const resumed = await runWithKey(t, ["task", "resume", task.id.slice(0, 8), "--json"]);
  assert.equal(JSON.parse(resumed.stdout).state, "active");
});

Deno.test("the docs' bulk pause: list --json, then pause every id", async () => {
  await using t = await startTestApi();
  for (let i = 0; i < 3; i++) await createTask(t, ["-n", `t${i}`]);
  const ids = JSON.parse((await runWithKey(t, ["task", "list", "--active", "--json"])).stdout).map((
    x: Task,
  ) => x.id);
  for (const id of ids) assert.equal((await runWithKey(t, ["task", "pause", id])).code, 0);
  assert((await apiTasks(t)).every((task) => task.state === "paused"));
});

Deno.test("task update refuses a NUL in the new name (exit 2): the service would answer 500", async () => {
  // Only the generation check; no PUT is stubbed, so a sent write fails the test.
  const stub = stubFetch([classicHealth]);
  const result = await runNoAuth(
    ["task", "update", "abcd1111-0000-4000-8000-000000000000", "--name", "a\0b"],
    { fetch: stub.fetch },
  );
  assert.equal(result.code, 2, result.stderr);
  assert.match(
    result.stderr,
    /^Error: The task name contains a NUL character \(U\+0000\), which the service cannot store; nothing was sent\n/,
  );
  stub.assertDone();
});

Deno.test("task update answered HTTP 500 exits 1 with no read-back, and help generations promises none for it", async () => {
  const id = "abcd1111-0000-4000-8000-000000000000";
  const stub = stubFetch([{
    method: "PUT",
    path: `/api/v1/tasks/${id}`,
    respond: () => new Response("Internal Server Error", { status: 500 }),
  }]);
  const result = await runNoAuth(["task", "update", id, "--pause"], { fetch: stub.fetch });
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stdout, "");
  stub.assertDone();
  // The topic names the writes that are read back after a 500; an update is not one of them.
  const help = await runNoAuth(["help", "generations"]);
  assert.doesNotMatch(help.stdout.replace(/\s+/g, " "), /After a 500 on a write the CLI reads/);
  assert.match(
    help.stdout.replace(/\s+/g, " "),
    /After a 500 on a key revoke, an email verification or a task create, the CLI reads the server back once/,
  );
});
