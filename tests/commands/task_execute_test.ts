/** `torale task execute` with and without --wait, in-process against the local API and stubs. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startTestApi } from "../helpers/api.ts";
import { runNoAuth, runWithKey, tempHome } from "../helpers/cli.ts";
import { classicHealth, json, stubFetch } from "../helpers/fetch_stub.ts";
import { apiTasks, createTask } from "../helpers/tasks.ts";

Deno.test("task execute prints the execution id and how to wait for that very run", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const result = await runWithKey(t, ["task", "execute", task.id]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    /^✓ Task execution initiated\nExecution ID: [0-9a-f-]{36}\nStatus: pending\n$/,
  );
  const run = /^Execution ID: (\S+)$/m.exec(result.stdout)![1];
  assert.equal(result.stderr, `Wait for it with: torale task wait ${task.id} --run ${run}\n`);
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
  const result = await runWithKey(t, ["task", "execute", task.id, "--wait"], { realSleep: true });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Status:\s+success$/m);
  assert.match(result.stdout, /^Condition Met: yes$/m);
  assert.match(result.stdout, /^Answer:\s+Rust 2.0 shipped\.$/m);
  assert.match(result.stdout, /^Sources:\s+blog\.rust-lang\.org$/m);
  assert.equal((await apiTasks(t))[0].state, "completed");
});

Deno.test("task execute --wait on a paused task does not wait on the classic API, where it never runs", async () => {
  await using t = await startTestApi();
  const task = await createTask(t, ["--paused"]);
  const began = performance.now();
  const result = await runWithKey(t, ["task", "execute", task.id, "--wait", "--timeout", "20"], {
    realSleep: true,
  });
  assert.equal(result.code, 1);
  assert(performance.now() - began < 2000, "it did not wait out --timeout");
  assert.match(result.stdout, /^Status:\s+pending$/m);
  assert.match(
    result.stderr,
    /^Error: The task is paused: the classic API does not run it until it is resumed; not waiting\n/,
  );
  assert.match(result.stderr, /torale task resume/);
});

Deno.test("task execute --wait on a paused task waits on the current API, which runs it", async () => {
  await using t = await startTestApi({ generation: "current" });
  const task = await createTask(t, ["--paused"]);
  const result = await runWithKey(t, ["task", "execute", task.id, "--wait"], { realSleep: true });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Status:\s+success$/m);
});

Deno.test("task execute --wait never sleeps past --timeout", async () => {
  const id = "abcd2222-0000-4000-8000-000000000000";
  const run = { id: "e", task_id: id, status: "pending", started_at: "2026-01-01T00:00:00Z" };
  const sleeps: number[] = [];
  const result = await runNoAuth(["task", "execute", id, "--wait", "--timeout", "1.2"], {
    env: { TORALE_API_URL: "http://localhost:8000" },
    virtualTime: true,
    sleeps,
    fetch: (input, init) => {
      const path = new URL(input instanceof Request ? input.url : input).pathname;
      if (init?.method === "POST") return Promise.resolve(json(200, run));
      if (path.endsWith("/executions")) return Promise.resolve(json(200, [run]));
      return Promise.resolve(json(200, { id, state: "active" }));
    },
  });
  assert.equal(result.code, 124, "a wait that ran out of time exits 124, as task wait does");
  assert.match(
    result.stderr,
    /^Error: Timed out after 1\.2 s waiting for execution e; it is still pending/m,
  );
  assert.deepEqual(sleeps, [500, 500, 200]);
});

Deno.test("task execute --suppress-notifications sends the query parameter", async () => {
  const id = "abcd1111-0000-4000-8000-000000000000";
  const stub = stubFetch([classicHealth, {
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
  const result = await runNoAuth(["task", "execute", id, "--suppress-notifications"], {
    fetch: stub.fetch,
  });
  assert.equal(result.code, 0, result.stderr);
  stub.assertDone();
});

Deno.test("task execute --wait shows a spinner on stderr only when it is a terminal", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const onTerminal = await runWithKey(t, ["task", "execute", task.id, "--wait"], {
    realSleep: true,
    stderrIsTerminal: true,
  });
  assert.equal(onTerminal.code, 0, onTerminal.stderr);
  assert.match(onTerminal.stderr, /Waiting for the run/);
  assert(!onTerminal.stdout.includes("Waiting"), "the spinner never touches stdout");
  const piped = await runWithKey(t, ["task", "execute", task.id, "--wait"], { realSleep: true });
  assert.equal(piped.stderr, "");
});

Deno.test("task execute --wait gives every poll only the time left: --timeout bounds the whole wait", async () => {
  const id = "abcd1111-0000-4000-8000-000000000000";
  const hang = (request: Request) =>
    new Promise<Response>((_, reject) => {
      request.signal.addEventListener("abort", () => reject(request.signal.reason));
    });
  const stub = stubFetch([
    {
      method: "POST",
      path: `/api/v1/tasks/${id}/execute`,
      respond: () =>
        json(200, { id: "e", task_id: id, status: "pending", started_at: "2026-01-01T00:00:00Z" }),
    },
    {
      method: "GET",
      path: `/api/v1/tasks/${id}`,
      respond: () => json(200, { id, name: "t", state: "active", created_at: "x" }),
    },
    { method: "GET", path: `/api/v1/tasks/${id}/executions`, respond: hang },
  ]);
  const began = performance.now();
  const result = await runNoAuth(["task", "execute", id, "--wait", "--timeout", "1"], {
    fetch: stub.fetch,
    realSleep: true,
  });
  const elapsed = performance.now() - began;
  assert.equal(result.code, 124);
  assert.match(
    result.stderr,
    /^Error: Timed out after 1 s waiting for execution e; it is still pending/,
  );
  assert(elapsed < 1300, `the wait took ${Math.round(elapsed)} ms`);
  stub.assertDone();
});

Deno.test("task execute records the run it started in ~/.torale/runs.json, 0600", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const home = await tempHome();
  const result = await runWithKey(t, ["task", "execute", task.id], { home });
  assert.equal(result.code, 0, result.stderr);
  const run = /^Execution ID: (\S+)$/m.exec(result.stdout)![1];
  const path = join(home, ".torale", "runs.json");
  const records = JSON.parse(await Deno.readTextFile(path));
  assert.equal(records[task.id].run, run);
  if (Deno.build.os !== "windows") assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  assert.deepEqual(
    (await Array.fromAsync(Deno.readDir(join(home, ".torale")))).map((entry) => entry.name),
    ["runs.json"],
    "no lock or temporary file is left behind",
  );
});

Deno.test("task execute still succeeds when the run cannot be recorded", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const home = await tempHome();
  // runs.json a directory: nothing can be written there, as in a read-only home (tests run
  // as root here, which a read-only mode would not stop).
  await Deno.mkdir(join(home, ".torale", "runs.json"), { recursive: true });
  const result = await runWithKey(t, ["task", "execute", task.id], { home });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /^Wait for it with: torale task wait \S+ --run \S+\n$/);
});
