/** `torale task logs` against the local API, in-process: filters and notification runs. */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runWithKey } from "../helpers/cli.ts";
import { createTask, waitForRuns } from "../helpers/tasks.ts";

Deno.test("task logs: blocks per run, --status, --notifications-only and --limit", async () => {
  await using t = await startTestApi({
    results: { "rust 2.0 release": { answer: "Not yet.", condition_met: false } },
  });
  const task = await createTask(t, ["--notify-behavior", "always"]);
  for (let i = 0; i < 3; i++) await runWithKey(t, ["task", "execute", task.id]);
  await waitForRuns(t, task.id, 3);
  const logs = await runWithKey(t, ["task", "logs", task.id]);
  assert.equal(logs.code, 0, logs.stderr);
  assert.equal(logs.stdout.match(/^Execution:/gm)?.length, 3);
  assert.match(logs.stdout, /^Time:\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/m);
  assert.match(logs.stdout, /^Duration:\s+\d+ ms$/m);
  const limited = JSON.parse(
    (await runWithKey(t, ["task", "logs", task.id, "--limit", "2", "--json"])).stdout,
  );
  assert.equal(limited.length, 2);
  const failed = await runWithKey(t, ["task", "logs", task.id, "--status", "failed"]);
  assert.equal(failed.stdout, "No executions found.\n");
  const notifications = await runWithKey(t, ["task", "logs", task.id, "--notifications-only"]);
  assert.equal(notifications.stdout, "No notifications found.\n");
  const badStatus = await runWithKey(t, ["task", "logs", task.id, "--status", "weird"]);
  assert.equal(badStatus.code, 2);
});

Deno.test("task logs --notifications-only shows runs whose condition was met", async () => {
  await using t = await startTestApi({
    results: { "rust 2.0 release": { answer: "Shipped.", condition_met: true } },
  });
  const task = await createTask(t, ["--notify-behavior", "always"]);
  await runWithKey(t, ["task", "execute", task.id]);
  await waitForRuns(t, task.id, 1);
  const result = await runWithKey(t, ["task", "logs", task.id, "--notifications-only", "--json"]);
  const runs = JSON.parse(result.stdout);
  assert.equal(runs.length, 1);
  assert.equal(runs[0].condition_met, true);
});
