/** `torale task create` against the local API (real HTTP), in-process. */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { commandLine, runWithKey } from "../helpers/cli.ts";
import { dedent } from "../helpers/dedent.ts";
import { serverFault } from "../helpers/fetch_stub.ts";
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

const createPost = (request: Request) =>
  request.method === "POST" && new URL(request.url).pathname === "/api/v1/tasks/";

for (const generation of ["classic", "current"] as const) {
  Deno.test(`task create (${generation}): a 500 is read back: no task, so it says none was created`, async () => {
    await using t = await startTestApi({ generation });
    const result = await runWithKey(t, ["task", "create", "-q", "q", "-c", "c", "-n", "Watch"], {
      fetch: serverFault(createPost),
    });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, "");
    assert.equal(
      result.stderr,
      dedent`
        Error: The service failed to create task "Watch" (HTTP 500); the task was not created
        HTTP 500 is a fault on the service's side. Try again later.
      `,
    );
  });
}

Deno.test("task create (current): a 500 after the server made the task shows it, with a warning, exit 0", async () => {
  await using t = await startTestApi({ generation: "current" });
  const result = await runWithKey(t, ["task", "create", "-q", "q", "-c", "c", "-n", "Watch"], {
    fetch: serverFault(createPost, { after: true }),
  });
  assert.equal(result.code, 0, result.stderr);
  const [task] = await apiTasks(t);
  assert.match(result.stdout, new RegExp(`^✓ Task created\nID: +${task.id}\n`));
  assert.equal(
    result.stderr,
    "Warning: The service answered HTTP 500, but the task was created: its list shows it\n",
  );
});

Deno.test("task create (classic): a 500 with a same-named task on the server cannot tell: it may exist", async () => {
  await using t = await startTestApi({ generation: "classic" });
  const older = await createTask(t, ["-n", "Watch"]);
  const result = await runWithKey(t, [
    "task",
    "create",
    "-q",
    "Rust 2.0 release",
    "-c",
    "Released",
    "-n",
    "Watch",
  ], {
    fetch: serverFault(createPost),
  });
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr,
    dedent`
      Error: The service failed to create task "Watch" (HTTP 500); it may or may not have been created
      HTTP 500 is a fault on the service's side. Try again later.
      The server has a task with this name, query and condition (${older.id}) that may be it.
      Check with: torale task get ${older.id}
    `,
  );
});

Deno.test("task create refuses a NUL or a lone surrogate in the name, query or condition (exit 2), before the write", async () => {
  await using t = await startTestApi({ generation: "current" });
  const writes: string[] = [];
  const fetcher: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    if (request.method !== "GET") writes.push(request.method);
    return fetch(request);
  };
  const cases: [string[], string][] = [
    [["-q", "q", "-c", "c", "-n", "a\0b"], "The task name contains a NUL character (U+0000)"],
    [["-q", "q\0", "-c", "c"], "The query contains a NUL character (U+0000)"],
    [
      ["-q", "q", "-c", "\ud800c"],
      "The condition contains a lone surrogate (half of a UTF-16 pair)",
    ],
  ];
  for (const [flags, message] of cases) {
    const args = ["task", "create", ...flags];
    const result = await runWithKey(t, args, { fetch: fetcher });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(
      result.stderr.split("\n")[0],
      `Error: ${message}, which the service cannot store; nothing was sent`,
    );
  }
  assert.deepEqual(writes, []);
  assert.deepEqual(await apiTasks(t), []);
});
