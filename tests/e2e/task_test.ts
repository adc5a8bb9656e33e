/** The task command tree against the local API (real HTTP), in-process. */
import assert from "node:assert/strict";
import type { Task, TaskExecution } from "../../src/api/types.ts";
import { startTestApi, type TestApi } from "../helpers/api.ts";
import { type InProcessOptions, runInProcess, tempHome } from "../helpers/cli.ts";
import { json, stubFetch } from "../helpers/fetch_stub.ts";
import { refusedUrl } from "../helpers/net.ts";

async function cli(t: TestApi, args: string[], options: Partial<InProcessOptions> = {}) {
  return await runInProcess(args, {
    home: options.home ?? await tempHome(),
    ...options,
    env: { TORALE_API_KEY: t.key, TORALE_API_URL: t.url, ...options.env },
    secrets: [t.key],
  });
}

async function createTask(t: TestApi, extra: string[] = []): Promise<Task> {
  const result = await cli(t, [
    "task",
    "create",
    "-q",
    "Rust 2.0 release",
    "-c",
    "Released",
    "--json",
    ...extra,
  ]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

async function apiTasks(t: TestApi): Promise<Task[]> {
  const response = await fetch(`${t.url}/api/v1/tasks/`, {
    headers: { Authorization: `Bearer ${t.key}` },
  });
  return await response.json();
}

async function waitForRuns(t: TestApi, id: string, count: number): Promise<TaskExecution[]> {
  for (let i = 0; i < 100; i++) {
    const response = await fetch(`${t.url}/api/v1/tasks/${id}/executions`, {
      headers: { Authorization: `Bearer ${t.key}` },
    });
    const runs: TaskExecution[] = await response.json();
    if (
      runs.length >= count &&
      runs.every((run) => run.status === "success" || run.status === "failed")
    ) {
      return runs;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("runs did not finish");
}

Deno.test("task create with every option sends the full body and prints the task", async () => {
  await using t = await startTestApi();
  const result = await cli(t, [
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
    [
      "✓ Task created",
      `ID:        ${task.id}`,
      "Name:      iPhone watch",
      "Schedule:  0 */6 * * * (On the hour, every 6 hours)",
      "Query:     When is the next iPhone release?",
      "Condition: A date has been announced",
      "State:     paused",
      "",
    ].join("\n"),
  );
});

Deno.test("task create defaults: daily 09:00, a name from the query, active, once", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  assert.equal(task.schedule, "0 9 * * *");
  assert.equal(task.name, "Monitor: Rust 2.0 release");
  assert.equal(task.state, "active");
  assert.equal(task.notify_behavior, "once");
  assert.deepEqual(task.config, { model: "gemini-2.0-flash-exp" });
});

Deno.test("task create --run-immediately starts a run", async () => {
  await using t = await startTestApi();
  const task = await createTask(t, ["--run-immediately"]);
  const runs = await waitForRuns(t, task.id, 1);
  assert.equal(runs[0].status, "success");
});

Deno.test("task create validates cron, enums, required flags and webhook URLs before any request", async () => {
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
    const result = await cli(t, ["task", "create", ...args]);
    assert.equal(result.code, 2, args.join(" "));
    assert.match(result.stderr, message);
  }
  assert.deepEqual(await apiTasks(t), [], "nothing was created");
});

Deno.test("task preview prints the answer, the verdict, an inferred condition and numbered sources", async () => {
  await using t = await startTestApi({
    results: {
      "next iphone release": {
        answer: "Apple announced the event for September 9.",
        condition_met: true,
        sources: [{ url: "https://www.apple.com/newsroom/x", title: "Apple Newsroom" }, {
          url: "https://example.org/a",
        }],
      },
    },
  });
  const met = await cli(t, [
    "task",
    "preview",
    "-q",
    "Next iPhone release",
    "-c",
    "A date is announced",
  ]);
  assert.equal(met.code, 0, met.stderr);
  assert.equal(
    met.stdout,
    [
      "Answer:",
      "Apple announced the event for September 9.",
      "",
      "✓ Condition met",
      "",
      "Sources:",
      "1. Apple Newsroom",
      "   https://www.apple.com/newsroom/x",
      "2. example.org",
      "   https://example.org/a",
      "",
    ].join("\n"),
  );
  const inferred = await cli(t, ["task", "preview", "-q", "Something else"]);
  assert.match(inferred.stdout, /✗ Condition not met/);
  assert.match(inferred.stdout, /Inferred condition: /);
  const asJson = JSON.parse(
    (await cli(t, ["task", "preview", "-q", "Next iPhone release", "--json"])).stdout,
  );
  assert.equal(asJson.condition_met, true);
  assert.equal(asJson.grounding_sources.length, 2);
});

Deno.test("task preview on a server without preview (405) says so", async () => {
  const stub = stubFetch([{
    method: "POST",
    path: "/api/v1/tasks/preview",
    respond: () => json(405, { detail: "Method Not Allowed" }),
  }]);
  const result = await runInProcess(["task", "preview", "-q", "x"], {
    home: await tempHome(),
    env: { TORALE_NOAUTH: "1", TORALE_API_URL: "http://127.0.0.1:9" },
    fetch: stub.fetch,
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^Error: This API does not support preview\n/);
  stub.assertDone();
});

Deno.test("task list: empty, tab-separated off a terminal, filters and --limit", async () => {
  await using t = await startTestApi();
  const empty = await cli(t, ["task", "list"]);
  assert.equal(empty.stdout, "No tasks found.\n");
  const a = await createTask(t, ["-n", "first"]);
  const b = await createTask(t, ["-n", "second", "--paused"]);
  const table = await cli(t, ["task", "list"]);
  const lines = table.stdout.trimEnd().split("\n");
  assert.equal(lines[0], "ID\tNAME\tSTATE\tSCHEDULE\tCONDITION MET\tLAST RUN");
  assert.equal(lines[1], `${b.id}\tsecond\tpaused\t0 9 * * *\tno\t-`);
  assert.equal(lines[2], `${a.id}\tfirst\tactive\t0 9 * * *\tno\t-`);
  assert(!table.stdout.includes("\x1b["), "no colour off a terminal");
  const paused = JSON.parse((await cli(t, ["task", "list", "--paused", "--json"])).stdout);
  assert.deepEqual(paused.map((x: Task) => x.id), [b.id]);
  const active = JSON.parse((await cli(t, ["task", "list", "--active", "--json"])).stdout);
  assert.deepEqual(active.map((x: Task) => x.id), [a.id]);
  const limited = JSON.parse((await cli(t, ["task", "list", "--limit", "1", "--json"])).stdout);
  assert.equal(limited.length, 1);
  const both = await cli(t, ["task", "list", "--active", "--paused"]);
  assert.equal(both.code, 2);
  const badLimit = await cli(t, ["task", "list", "--limit", "0"]);
  assert.equal(badLimit.code, 2);
});

Deno.test("task list --json and --yaml print exactly what the API returned", async () => {
  await using t = await startTestApi();
  await createTask(t);
  await createTask(t, ["-n", "two"]);
  const fromApi = await apiTasks(t);
  const listed = JSON.parse((await cli(t, ["task", "list", "--json"])).stdout);
  assert.deepEqual(listed, fromApi);
  const { parse } = await import("yaml");
  assert.deepEqual(parse((await cli(t, ["task", "list", "--yaml"])).stdout), fromApi);
  // The docs' script: torale task list --json | jq -r '.[].id'
  assert.deepEqual(listed.map((task: Task) => task.id), fromApi.map((task) => task.id));
});

Deno.test("task list on a terminal fits the width, cutting long names with … by display width", async () => {
  await using t = await startTestApi();
  await createTask(t, ["-n", "日本語のとても長いタスク名前です日本語のとても長いタスク名前です"]);
  await createTask(t, ["-n", "🚀 rocket launch watcher with a very very long descriptive name"]);
  const coloured = await cli(t, ["task", "list"], { stdoutIsTerminal: true, columns: 100 });
  assert(coloured.stdout.startsWith("\x1b[1mID"), "headers are bold on a terminal");
  const result = await cli(t, ["task", "list"], {
    stdoutIsTerminal: true,
    columns: 100,
    env: { NO_COLOR: "1" },
  });
  const { displayWidth } = await import("../../src/output/table.ts");
  const lines = result.stdout.trimEnd().split("\n");
  assert.match(lines[0], /^ID\s+NAME\s+STATE\s+SCHEDULE\s+CONDITION MET\s+LAST RUN$/);
  for (const line of lines) assert(displayWidth(line) <= 100, `${displayWidth(line)}: ${line}`);
  assert(lines.slice(1).every((line) => line.includes("…")), "long names are cut");
  assert(lines.slice(1).every((line) => /[0-9a-f-]{36}/.test(line)), "ids are never cut");
});

Deno.test("task get shows labelled fields and resolves id prefixes", async () => {
  await using t = await startTestApi();
  const task = await createTask(t, ["-w", "https://example.com/h"]);
  const result = await cli(t, ["task", "get", task.id.slice(0, 6)]);
  assert.equal(result.code, 0, result.stderr);
  for (
    const line of [
      `ID:               ${task.id}`,
      "Search Query:     Rust 2.0 release",
      "Condition:        Released",
      "Schedule:         0 9 * * * (At 09:00 AM)",
      "State:            active",
      "Notify Behavior:  once",
      "Condition Met:    no",
      "Last Notified:    -",
      "  - webhook: https://example.com/h",
      'Config:           {"model":"gemini-2.0-flash-exp"}',
      "Last Execution:   never run",
    ]
  ) {
    assert(result.stdout.includes(line + "\n"), line);
  }
  assert.match(result.stdout, /^Created:\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/m);
  const asJson = JSON.parse((await cli(t, ["task", "get", task.id, "--json"])).stdout);
  assert.equal(asJson.id, task.id);
});

Deno.test("unknown, malformed and too-short ids give clear errors", async () => {
  await using t = await startTestApi();
  await createTask(t);
  const unknown = await cli(t, ["task", "get", "00000000-0000-4000-8000-000000000000"]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^Error: Task not found: "00000000-0000-4000-8000-000000000000"\n/);
  const malformed = await cli(t, ["task", "get", "not-an-id!"]);
  assert.equal(malformed.code, 1);
  assert.match(malformed.stderr, /^Error: Task not found: "not-an-id!"\n/);
  assert(!malformed.stderr.includes("uuid_parsing"));
  const unmatched = await cli(t, ["task", "get", "ffffffff"]);
  assert.match(unmatched.stderr, /^Error: Task not found: "ffffffff"\n/);
  const short = await cli(t, ["task", "get", "ab"]);
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
  const result = await runInProcess(["task", "get", "abcd"], {
    home: await tempHome(),
    env: { TORALE_NOAUTH: "1", TORALE_API_URL: "http://127.0.0.1:9" },
    fetch: stub.fetch,
  });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^Error: Task id prefix "abcd" is ambiguous: 2 tasks match\n/);
  assert.match(result.stderr, /abcd1111-.*one/);
  stub.assertDone();
});

Deno.test("task update sends only the given fields, several at once", async () => {
  const stub = stubFetch([{
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
        state: "paused",
        created_at: "x",
      });
    },
  }]);
  const result = await runInProcess(
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
    {
      home: await tempHome(),
      env: { TORALE_NOAUTH: "1", TORALE_API_URL: "http://127.0.0.1:9" },
      fetch: stub.fetch,
    },
  );
  assert.equal(result.code, 0, result.stderr);
  stub.assertDone();
});

Deno.test("task update: nothing given is a usage error; the server's reason for an illegal transition is shown", async () => {
  await using t = await startTestApi();
  const task = await createTask(t, ["--paused"]);
  const nothing = await cli(t, ["task", "update", task.id]);
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /^Error: Nothing to update\n/);
  const illegal = await cli(t, ["task", "update", task.id, "--complete"]);
  assert.equal(illegal.code, 1);
  assert.equal(
    illegal.stderr,
    "Error: Invalid state transition: Cannot transition from paused to completed\n",
  );
  const twoStates = await cli(t, ["task", "update", task.id, "--active", "--pause"]);
  assert.equal(twoStates.code, 2);
  const badCron = await cli(t, ["task", "update", task.id, "--schedule", "whenever"]);
  assert.equal(badCron.code, 2);
  const [unchanged] = await apiTasks(t);
  assert.equal(unchanged.state, "paused");
  assert.equal(unchanged.schedule, "0 9 * * *");
});

Deno.test("task pause and resume change the state", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const paused = await cli(t, ["task", "pause", task.id.slice(0, 8)]);
  assert.equal(paused.code, 0, paused.stderr);
  assert.match(paused.stdout, /State:\s+paused/);
  assert.equal((await apiTasks(t))[0].state, "paused");
  const resumed = await cli(t, ["task", "resume", task.id.slice(0, 8), "--json"]);
  assert.equal(JSON.parse(resumed.stdout).state, "active");
});

Deno.test("the docs' bulk pause: list --json, then pause every id", async () => {
  await using t = await startTestApi();
  for (let i = 0; i < 3; i++) await createTask(t, ["-n", `t${i}`]);
  const ids = JSON.parse((await cli(t, ["task", "list", "--active", "--json"])).stdout).map((
    x: Task,
  ) => x.id);
  for (const id of ids) assert.equal((await cli(t, ["task", "pause", id])).code, 0);
  assert((await apiTasks(t)).every((task) => task.state === "paused"));
});

Deno.test("task delete removes several, reports each, and exits 1 if any failed", async () => {
  await using t = await startTestApi();
  const a = await createTask(t, ["-n", "a"]);
  const b = await createTask(t, ["-n", "b"]);
  const missing = "00000000-0000-4000-8000-000000000000";
  const result = await cli(t, ["task", "delete", a.id, missing, b.id.slice(0, 8), "--yes"]);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, `✓ Deleted task ${a.id}\n✓ Deleted task ${b.id}\n`);
  assert.match(result.stderr, new RegExp(`✗ ${missing}: Task not found`));
  assert.match(result.stderr, /1 of 3 deletions failed/);
  assert.deepEqual(await apiTasks(t), []);
});

Deno.test("task delete asks on a terminal and refuses without --yes off one", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const refused = await cli(t, ["task", "delete", task.id]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /without --yes/);
  const asked: string[] = [];
  const declined = await cli(t, ["task", "delete", task.id], {
    stdinIsTerminal: true,
    prompt: { confirm: (message) => (asked.push(message), Promise.resolve(false)) },
  });
  assert.equal(declined.code, 0);
  assert.match(asked[0], /^Delete task .*\? This cannot be undone\.$/);
  assert.equal((await apiTasks(t)).length, 1, "nothing was deleted");
  const confirmed = await cli(t, ["task", "delete", task.id], {
    stdinIsTerminal: true,
    prompt: { confirm: () => Promise.resolve(true) },
  });
  assert.equal(confirmed.code, 0);
  assert.deepEqual(await apiTasks(t), []);
});

Deno.test("task execute prints the execution id and the logs hint", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const result = await cli(t, ["task", "execute", task.id]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    /^✓ Task execution initiated\nExecution ID: [0-9a-f-]{36}\nStatus: pending\n$/,
  );
  assert.equal(result.stderr, `Check status with: torale task logs ${task.id}\n`);
});

Deno.test("task execute --wait prints the finished run; a met condition completes a 'once' task", async () => {
  await using t = await startTestApi({
    results: {
      "rust 2.0 release": {
        answer: "Rust 2.0 shipped.",
        condition_met: true,
        sources: [{ url: "https://blog.rust-lang.org/x" }],
      },
    },
  });
  const task = await createTask(t);
  const result = await cli(t, ["task", "execute", task.id, "--wait"], { realSleep: true });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Status:\s+success$/m);
  assert.match(result.stdout, /^Condition Met: yes$/m);
  assert.match(result.stdout, /^Answer:\s+Rust 2.0 shipped\.$/m);
  assert.match(result.stdout, /^Sources:\s+blog\.rust-lang\.org$/m);
  assert.equal((await apiTasks(t))[0].state, "completed");
});

Deno.test("task execute --wait on a paused task warns and stops at --timeout", async () => {
  await using t = await startTestApi();
  const task = await createTask(t, ["--paused"]);
  const result = await cli(t, ["task", "execute", task.id, "--wait", "--timeout", "1"], {
    realSleep: true,
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /The task is paused/);
  assert.match(
    result.stderr,
    /Error: Timed out after 1 s waiting for execution [0-9a-f-]{36}; it is still pending/,
  );
});

Deno.test("task execute --wait never sleeps past --timeout", async () => {
  const id = "abcd2222-0000-4000-8000-000000000000";
  const run = { id: "e", task_id: id, status: "pending", started_at: "2026-01-01T00:00:00Z" };
  const sleeps: number[] = [];
  const result = await runInProcess(["task", "execute", id, "--wait", "--timeout", "1.2"], {
    home: await tempHome(),
    env: { TORALE_NOAUTH: "1", TORALE_API_URL: "http://localhost:8000" },
    virtualTime: true,
    sleeps,
    fetch: (input, init) => {
      const path = new URL(input instanceof Request ? input.url : input).pathname;
      if (init?.method === "POST") return Promise.resolve(json(200, run));
      if (path.endsWith("/executions")) return Promise.resolve(json(200, [run]));
      return Promise.resolve(json(200, { id, state: "active" }));
    },
  });
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /^Error: Timed out after 1\.2 s waiting for execution e; it is still pending/m,
  );
  assert.deepEqual(sleeps, [500, 500, 200]);
});

Deno.test("task execute --suppress-notifications sends the query parameter", async () => {
  const id = "abcd1111-0000-4000-8000-000000000000";
  const stub = stubFetch([{
    method: "POST",
    path: `/api/v1/tasks/${id}/execute`,
    respond: (request) => {
      assert.equal(new URL(request.url).searchParams.get("suppress_notifications"), "true");
      assert.match(
        request.headers.get("user-agent") ?? "",
        /^torale-cli\/\d+\.\d+\.\d+ \(Deno \d+\.\d+\.\d+; \w+ \w+\)$/,
      );
      assert.equal(request.headers.get("authorization"), null, "NOAUTH sends no key");
      return json(200, {
        id: "e",
        task_id: id,
        status: "pending",
        started_at: "2026-01-01T00:00:00Z",
      });
    },
  }]);
  const result = await runInProcess(["task", "execute", id, "--suppress-notifications"], {
    home: await tempHome(),
    env: { TORALE_NOAUTH: "1", TORALE_API_URL: "http://127.0.0.1:9" },
    fetch: stub.fetch,
  });
  assert.equal(result.code, 0, result.stderr);
  stub.assertDone();
});

Deno.test("task logs: blocks per run, --status, --notifications-only and --limit", async () => {
  await using t = await startTestApi({
    results: { "rust 2.0 release": { answer: "Not yet.", condition_met: false } },
  });
  const task = await createTask(t, ["--notify-behavior", "always"]);
  for (let i = 0; i < 3; i++) await cli(t, ["task", "execute", task.id]);
  await waitForRuns(t, task.id, 3);
  const logs = await cli(t, ["task", "logs", task.id]);
  assert.equal(logs.code, 0, logs.stderr);
  assert.equal(logs.stdout.match(/^Execution:/gm)?.length, 3);
  assert.match(logs.stdout, /^Time:\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/m);
  assert.match(logs.stdout, /^Duration:\s+\d+ ms$/m);
  const limited = JSON.parse(
    (await cli(t, ["task", "logs", task.id, "--limit", "2", "--json"])).stdout,
  );
  assert.equal(limited.length, 2);
  const failed = await cli(t, ["task", "logs", task.id, "--status", "failed"]);
  assert.equal(failed.stdout, "No executions found.\n");
  const notifications = await cli(t, ["task", "logs", task.id, "--notifications-only"]);
  assert.equal(notifications.stdout, "No notifications found.\n");
  const badStatus = await cli(t, ["task", "logs", task.id, "--status", "weird"]);
  assert.equal(badStatus.code, 2);
});

Deno.test("task logs --notifications-only shows runs whose condition was met", async () => {
  await using t = await startTestApi({
    results: { "rust 2.0 release": { answer: "Shipped.", condition_met: true } },
  });
  const task = await createTask(t, ["--notify-behavior", "always"]);
  await cli(t, ["task", "execute", task.id]);
  await waitForRuns(t, task.id, 1);
  const result = await cli(t, ["task", "logs", task.id, "--notifications-only", "--json"]);
  const runs = JSON.parse(result.stdout);
  assert.equal(runs.length, 1);
  assert.equal(runs[0].condition_met, true);
});

Deno.test("server errors are one clear line each with the right exit code, and change nothing", async () => {
  const home = await tempHome();
  const env = { TORALE_NOAUTH: "1", TORALE_API_URL: "http://127.0.0.1:9" };
  const fail500 = stubFetch([{
    method: "POST",
    path: "/api/v1/tasks/",
    respond: () => json(500, { detail: "Failed to create schedule: boom" }),
  }]);
  const r500 = await runInProcess(["task", "create", "-q", "x", "-c", "y"], {
    home,
    env,
    fetch: fail500.fetch,
  });
  assert.equal(r500.code, 1);
  assert.match(r500.stderr, /^Error: Server error \(HTTP 500\): Failed to create schedule: boom\n/);

  const refused = await runInProcess(["task", "list"], {
    home,
    env: { TORALE_NOAUTH: "1", TORALE_API_URL: refusedUrl() },
  });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^Error: Connection refused\n/);
});

Deno.test("a 429 from the local API's rate limiter reads Retry-After", async () => {
  await using t = await startTestApi({ rateLimit: 2 });
  await cli(t, ["task", "list"]);
  await cli(t, ["task", "list"]);
  const limited = await cli(t, ["task", "list"]);
  assert.equal(limited.code, 1);
  assert.match(limited.stderr, /^Error: Rate limit exceeded\. Retry after \d+ seconds\n/);
});

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
  const options = {
    home: await tempHome(),
    env: { TORALE_NOAUTH: "1", TORALE_API_URL: "http://127.0.0.1:9" },
    fetch: stub.fetch,
  };
  const list = await runInProcess(["task", "list"], options);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /New monitor\tactive\t-\tyes\t2026-01-01 09:00:00 UTC/);
  const get = await runInProcess(["task", "get", task.id], options);
  assert.equal(get.code, 0, get.stderr);
  assert.match(get.stdout, /Last Execution:\s+success, condition met/);
  stub.assertDone();
});

Deno.test("a request that gets no answer stops at --timeout with a clear error", async () => {
  const hanging = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    await new Promise((resolve) => request.signal.addEventListener("abort", resolve));
    return new Response("late");
  });
  try {
    const started = Date.now();
    const result = await runInProcess(["task", "list", "--timeout", "0.3"], {
      home: await tempHome(),
      env: { TORALE_NOAUTH: "1", TORALE_API_URL: `http://127.0.0.1:${hanging.addr.port}` },
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^Error: Request timed out after 0\.3 s\n/);
    assert.match(result.stderr, /--timeout/);
    assert(Date.now() - started < 5000);
  } finally {
    await hanging.shutdown();
  }
});

Deno.test("task execute --wait shows a spinner on stderr only when it is a terminal", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const onTerminal = await cli(t, ["task", "execute", task.id, "--wait"], {
    realSleep: true,
    stderrIsTerminal: true,
  });
  assert.equal(onTerminal.code, 0, onTerminal.stderr);
  assert.match(onTerminal.stderr, /Waiting for the run/);
  assert(!onTerminal.stdout.includes("Waiting"), "the spinner never touches stdout");
  const piped = await cli(t, ["task", "execute", task.id, "--wait"], { realSleep: true });
  assert.equal(piped.stderr, "");
});

Deno.test("fields the API left out are shown as '-' in list, get and logs", async () => {
  const result = await runInProcess(["task", "list"], {
    home: await tempHome(),
    env: { TORALE_NOAUTH: "1", TORALE_API_URL: "http://localhost:8000" },
    fetch: () => Promise.resolve(Response.json([{ id: "a" }])),
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.split("\n")[1], "a\t-\t-\t-\tno\t-");
  const id = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
  const answers: [string[], unknown][] = [[["task", "get", id], { id }], [["task", "logs", id], [{
    id: "x",
  }]]];
  for (const [args, body] of answers) {
    const shown = await runInProcess(args, {
      home: await tempHome(),
      env: { TORALE_NOAUTH: "1", TORALE_API_URL: "http://localhost:8000" },
      fetch: () => Promise.resolve(Response.json(body)),
    });
    assert.equal(shown.code, 0, shown.stderr);
    assert(!shown.stdout.includes("undefined"), shown.stdout);
    assert.match(shown.stdout, /^(Name|Status):\s+-$/m);
  }
});
