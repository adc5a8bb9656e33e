/** `torale task create` against the local API (real HTTP), in-process. */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { commandLine, runWithKey } from "../helpers/cli.ts";
import { dedent } from "../helpers/dedent.ts";
import { apiTasks, createTask, waitForRuns } from "../helpers/tasks.ts";

Deno.test("task create with every option sends the full body and prints the task", async () => {
  await using t = await startTestApi();
  const result = await runWithKey(t, [
    "task",
    "create",
    "-q",
    "When is the next iPhone release?",
    "-c",
    "A date has been announced",
    "-s",
    "0 */6 * * *",
    "-n",
    "iPhone watch",
    "--notify-behavior",
    "always",
    "--paused",
    "-w",
    "https://example.com/hook",
    "--email",
    "me@example.com",
    "-m",
    "gemini-2.5-flash",
  ]);
  assert.equal(result.code, 0, result.stderr);
  const [task] = await apiTasks(t);
  assert.equal(task.name, "iPhone watch");
  assert.equal(task.schedule, "0 */6 * * *");
  assert.equal(task.state, "paused");
  assert.equal(task.notify_behavior, "always");
  assert.deepEqual(task.config, { model: "gemini-2.5-flash" });
  assert.deepEqual(task.notifications?.map((n) => [n.type, n.address ?? n.url]), [
    ["email", "me@example.com"],
    ["webhook", "https://example.com/hook"],
  ]);
  assert.equal(
    result.stdout,
    dedent`
      ✓ Task created
      ID:        ${task.id}
      Name:      iPhone watch
      Schedule:  0 */6 * * * UTC (On the hour, every 6 hours)
      Query:     When is the next iPhone release?
      Condition: A date has been announced
      State:     paused
    `,
  );
});

Deno.test("task create defaults: daily 09:00, a name from the query, active, once, the service's model", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  assert.equal(task.schedule, "0 9 * * *");
  assert.equal(task.name, "Monitor: Rust 2.0 release");
  assert.equal(task.state, "active");
  assert.equal(task.notify_behavior, "once");
  // No model sent: the service's own default (gemini-2.5-flash), as its web app leaves it.
  assert.deepEqual(task.config, {});
});

Deno.test("task create --run-immediately starts a run", async () => {
  await using t = await startTestApi();
  const task = await createTask(t, ["--run-immediately"]);
  const runs = await waitForRuns(t, task.id, 1);
  assert.equal(runs[0].status, "success");
});

Deno.test("task create validates cron, enums, required flags and webhook URLs before any request", async (ctx) => {
  await using t = await startTestApi();
  const cases: [string[], RegExp][] = [
    [
      ["-q", "x", "-c", "y", "-s", "61 * * * *"],
      /^Error: Invalid cron expression "61 \* \* \* \*": Invalid value for minute: 61/,
    ],
    [
      ["-q", "x", "-c", "y", "-s", "0 9 * *"],
      /^Error: Invalid cron expression "0 9 \* \*": expected 5 fields/,
    ],
    [["-q", "x", "-c", "y", "--notify-behavior", "sometimes"], /^Error: .*sometimes/],
    [["-c", "y"], /^Error: .*query/],
    [
      ["-q", "x", "-c", "y", "-w", "http://example.com/hook"],
      /^Error: Invalid webhook URL .*https/,
    ],
    [
      ["-q", "x", "-c", "y", "--email", "not-an-email"],
      /^Error: Invalid email address "not-an-email"/,
    ],
    [["-q", " ", "-c", "y"], /^Error: The query \(-q\) must not be empty/],
  ];
  for (const [args, message] of cases) {
    await ctx.step(commandLine(["task", "create", ...args]), async () => {
      const result = await runWithKey(t, ["task", "create", ...args]);
      assert.equal(result.code, 2, args.join(" "));
      assert.match(result.stderr, message);
    });
  }
  assert.deepEqual(await apiTasks(t), [], "nothing was created");
});
