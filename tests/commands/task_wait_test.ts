/**
 * `torale task wait`, in-process against the local API of both generations with injected
 * time: the CLI's clock only moves by what it sleeps, while the test starts the task's runs
 * (the local API's executor plays canned answers, one per run).
 */
import assert from "node:assert/strict";
import type { TaskExecution } from "../../src/api/types.ts";
import type { CannedResult, Generation } from "../../local_api/server.ts";
import { startTestApi, type TestApi } from "../helpers/api.ts";
import { apiRuns, scheduler, urlOf } from "../helpers/runs.ts";
import { type InProcessOptions, runWithKey, tempHome } from "../helpers/cli.ts";
import { createTask, waitForRuns } from "../helpers/tasks.ts";

const QUERY = "rust 2.0 release";
const notMet: CannedResult = { answer: "Not yet.", condition_met: false };
const met: CannedResult = {
  answer: "Rust 2.0 shipped.",
  condition_met: true,
  sources: [{ url: "https://blog.rust-lang.org/x" }],
};
/** Runs `task wait` with virtual time (each sleep also waits up to 50 ms for real). */
async function wait(
  t: TestApi,
  args: string[],
  options: Partial<InProcessOptions> & { sleeps?: number[] } = {},
) {
  return await runWithKey(t, ["task", "wait", ...args], {
    virtualTime: true,
    realSleep: true,
    ...options,
  });
}

for (const generation of ["classic", "current"] as Generation[]) {
  Deno.test(`task wait (${generation}) exits 0 with the run that met the condition, the third`, async () => {
    await using t = await startTestApi({ generation, results: { [QUERY]: [notMet, notMet, met] } });
    const task = await createTask(t);
    const sched = scheduler(t, task.id, { runs: 5 });
    const sleeps: number[] = [];
    const result = await wait(t, [task.id], { fetch: sched.fetch, sleeps });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(sched.started(), 3, "it stopped waiting at the run that met the condition");
    const runs = await apiRuns(t, task.id);
    assert.match(result.stdout, new RegExp(`^Execution:\\s+${runs[0].id}$`, "m"));
    assert.match(result.stdout, /^Status:\s+success$/m);
    assert.match(result.stdout, /^Condition Met: yes$/m);
    assert.match(result.stdout, /^Answer:\s+Rust 2\.0 shipped\.$/m);
    assert.match(result.stderr, /^(Waiting for a run of "Monitor: Rust 2\.0 release" .*\n)+$/);
    assert(sleeps.length > 0 && sleeps.every((ms) => ms >= 5000 && ms <= 60_000), `${sleeps}`);
  });

  Deno.test(`task wait (${generation}) exits 1 with the run that failed`, async () => {
    await using t = await startTestApi({
      generation,
      results: { [QUERY]: [notMet, { ...notMet, error: "invalid search backend answer" }] },
    });
    const task = await createTask(t);
    const sched = scheduler(t, task.id, { runs: 5 });
    const result = await wait(t, [task.id, "--timeout", "1h"], { fetch: sched.fetch });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(sched.started(), 2);
    const failed = (await apiRuns(t, task.id))[0];
    assert.equal(failed.status, "failed");
    assert.match(result.stdout, new RegExp(`^Execution:\\s+${failed.id}$`, "m"));
    assert.match(result.stdout, /^Status:\s+failed$/m);
    assert.match(result.stderr, new RegExp(`^Error: Execution ${failed.id} failed\n`, "m"));
    assert.match(result.stderr, /A failed run ends the wait/);
  });

  Deno.test(`task wait --until run (${generation}) ends at the next run to finish, met or not`, async () => {
    await using t = await startTestApi({ generation, results: { [QUERY]: [notMet] } });
    const task = await createTask(t, ["--run-immediately"]);
    const [before] = await waitForRuns(t, task.id, 1);
    const sched = scheduler(t, task.id, { runs: 1 });
    const result = await wait(t, [task.id, "--until", "run", "--json"], { fetch: sched.fetch });
    assert.equal(result.code, 0, result.stderr);
    const run: TaskExecution = JSON.parse(result.stdout);
    assert.notEqual(run.id, before.id, "a run that finished before the wait does not end it");
    assert.equal(run.status, "success");
    assert.equal(run.task_id, task.id);
  });
}

Deno.test("task wait exits 124 at --timeout and never sleeps past it", async () => {
  await using t = await startTestApi({ results: { [QUERY]: [notMet] } });
  const task = await createTask(t);
  const sched = scheduler(t, task.id, { runs: 3 }); // three runs, none meets the condition
  const sleeps: number[] = [];
  const result = await wait(t, [task.id, "--timeout", "10m"], { fetch: sched.fetch, sleeps });
  assert.equal(result.code, 124, result.stderr);
  assert.equal(result.stdout, "");
  assert.match(
    result.stderr,
    /^Error: Timed out after 10 min waiting for a run of "Monitor: Rust 2.0 release" to meet its condition\n/m,
  );
  assert.match(result.stderr, /^3 runs finished meanwhile without meeting it\.$/m);
  const total = sleeps.reduce((a, b) => a + b, 0);
  assert.equal(total, 600_000, `slept ${sleeps.join(" + ")} ms`);
});

Deno.test("task wait backs off while nothing happens: 5 s, doubling, capped by the time left", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const sleeps: number[] = [];
  const result = await runWithKey(t, ["task", "wait", task.id, "--timeout", "3m"], {
    virtualTime: true,
    sleeps,
  });
  assert.equal(result.code, 124);
  assert.deepEqual(sleeps, [5000, 10_000, 20_000, 40_000, 60_000, 45_000]);
});

Deno.test("task wait --interval sets the first pause", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const sleeps: number[] = [];
  const result = await runWithKey(
    t,
    ["task", "wait", task.id, "--timeout", "100s", "--interval", "30s"],
    { virtualTime: true, sleeps },
  );
  assert.equal(result.code, 124);
  assert.deepEqual(sleeps, [30_000, 60_000, 10_000]);
});

Deno.test("task wait exits 130 on Ctrl-C, printing no run", async () => {
  await using t = await startTestApi({ results: { [QUERY]: [notMet] } });
  const task = await createTask(t);
  const interrupts: (() => void)[] = [];
  const sched = scheduler(t, task.id, {
    runs: 10,
    onCheck: (check) => {
      if (check === 3) interrupts.forEach((press) => press());
    },
  });
  const result = await wait(t, [task.id], { fetch: sched.fetch, interrupts });
  assert.equal(result.code, 130);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /\nError: Interrupted\n$/);
});

Deno.test("task wait ends at once when the latest run already met the condition", async () => {
  await using t = await startTestApi({ results: { [QUERY]: [met] } });
  const task = await createTask(t, ["--run-immediately"]);
  const [done] = await waitForRuns(t, task.id, 1);
  const sleeps: number[] = [];
  const result = await runWithKey(t, ["task", "wait", task.id], { virtualTime: true, sleeps });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(sleeps, []);
  assert.match(result.stdout, new RegExp(`^Execution:\\s+${done.id}$`, "m"));
  assert.match(
    result.stderr,
    /^The condition was already met by the latest run \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)\.\n/,
  );
});

Deno.test("task wait on a terminal puts the countdown first: a long name cannot push it off the line", async () => {
  await using t = await startTestApi({ results: { [QUERY]: [met] } });
  const task = await createTask(t, ["-n", `Rust 2.0 release ${"watch ".repeat(20)}`]);
  const sched = scheduler(t, task.id, { runs: 1 });
  const result = await wait(t, [task.id], {
    fetch: sched.fetch,
    stderrIsTerminal: true,
    columns: 80,
  });
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stderr.split("\r\x1b[2K").filter((line) => line !== "");
  const countdown = lines.find((line) => line.includes("next check"));
  assert.match(
    countdown ?? "",
    /^. next check in 5 s · Waiting for a run of "Rust 2\.0 release watch/,
  );
  assert(lines.every((line) => [...line].length <= 79), lines.join("\n"));
  assert(!result.stdout.includes("Waiting"), "progress never goes to stdout");
});

Deno.test("task wait off a terminal prints a progress line at the start and at least every 5 min", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const sleeps: number[] = [];
  const result = await runWithKey(t, ["task", "wait", task.id, "--timeout", "17m"], {
    virtualTime: true,
    sleeps,
  });
  assert.equal(result.code, 124, result.stderr);
  const waiting = 'Waiting for a run of "Monitor: Rust 2.0 release" to meet its condition';
  assert.equal(
    result.stderr.split("\nError: ")[0],
    [
      `${waiting} (no run in progress)`,
      `${waiting} (no run in progress) · 5 min so far`,
      `${waiting} (no run in progress) · 10 min so far`,
      `${waiting} (no run in progress) · 15 min so far`,
    ].join("\n"),
  );
  assert.equal(sleeps.reduce((a, b) => a + b, 0), 17 * 60_000, "the pauses are cut, not added");
});

Deno.test("task wait off a terminal prints a line when a run starts and when one finishes unmet", async () => {
  await using t = await startTestApi({ results: { [QUERY]: [notMet, met] } });
  const task = await createTask(t);
  const sched = scheduler(t, task.id, { runs: 2, idle: 1 });
  const result = await wait(t, [task.id, "--timeout", "10m"], { fetch: sched.fetch });
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stderr.trimEnd().split("\n");
  const waiting = 'Waiting for a run of "Monitor: Rust 2.0 release" to meet its condition';
  assert.equal(lines[0], `${waiting} (no run in progress)`);
  assert.match(lines[1], /\(a run is pending\) · 5 s so far$/);
  assert(
    lines.some((line) => line.includes("(no run in progress, 1 finished without meeting it)")),
  );
  assert(lines.every((line) => line.startsWith(waiting)), result.stderr);
  for (let i = 1; i < lines.length; i++) assert.notEqual(lines[i], lines[i - 1], "no repeats");
});

Deno.test("task wait refuses a paused task without --timeout: it would never run on its own", async (t) => {
  for (const generation of ["classic", "current"] as Generation[]) {
    await t.step(generation, async () => {
      await using api = await startTestApi({ generation });
      const task = await createTask(api, ["--paused"]);
      const refused = await runWithKey(api, ["task", "wait", task.id], { virtualTime: true });
      assert.equal(refused.code, 1);
      assert.match(
        refused.stderr,
        generation === "classic"
          ? /^Error: The task is paused: the classic API does not run it, even when executed, until it is resumed; not waiting without --timeout\nResume it first: torale task resume /
          : /^Error: The task is paused: it runs only when executed; not waiting without --timeout\nRun it now and wait for that run: torale task execute .* --wait\n/,
      );
      const bounded = await runWithKey(api, ["task", "wait", task.id, "--timeout", "30s"], {
        virtualTime: true,
      });
      assert.equal(bounded.code, 124);
      assert.match(
        bounded.stderr,
        /^Warning: The task is paused: .*; waiting until --timeout anyway\n/,
      );
    });
  }
});

Deno.test("task wait rejects bad durations and values with exit 2 and an example", async (t) => {
  await using api = await startTestApi();
  const task = await createTask(api);
  const cases: [string[], RegExp][] = [
    [["--timeout", "soon"], /^Error: Invalid timeout "soon".*\nFor example 90s, 15m, 2h or 1h30m/],
    [["--timeout", "1h30"], /^Error: Invalid timeout "1h30"/],
    [["--interval", "ten"], /^Error: Invalid duration "ten" for --interval\n.*such as 90s, 15m/],
    [["--interval", "1s"], /^Error: --interval must be between 2 s and 24 h\n/],
    [["--until", "done"], /done/],
  ];
  for (const [flags, error] of cases) {
    await t.step(flags.join(" "), async () => {
      const result = await runWithKey(api, ["task", "wait", task.id, ...flags], {
        virtualTime: true,
      });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, error);
    });
  }
});

Deno.test("task wait on an unknown task says so and exits 1", async () => {
  await using t = await startTestApi();
  const result = await runWithKey(t, [
    "task",
    "wait",
    "abcd0000-0000-4000-8000-000000000000",
  ], { virtualTime: true });
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /^Error: Task not found: "abcd0000-0000-4000-8000-000000000000"\nList your tasks/,
  );
});

Deno.test("task wait honours a long Retry-After between checks", async () => {
  await using t = await startTestApi({ results: { [QUERY]: [met] } });
  const task = await createTask(t);
  let checks = 0;
  const sleeps: number[] = [];
  const result = await runWithKey(t, ["task", "wait", task.id, "--timeout", "10m"], {
    virtualTime: true,
    sleeps,
    fetch: async (input, init) => {
      if (urlOf(input).pathname.endsWith("/executions") && ++checks === 3) {
        return new Response(JSON.stringify({ detail: "Rate limit exceeded", retry_after: 120 }), {
          status: 429,
          headers: { "content-type": "application/json", "retry-after": "120" },
        });
      }
      return await fetch(input, init);
    },
  });
  assert.equal(result.code, 124, result.stderr);
  assert.deepEqual(sleeps.slice(0, 2), [5000, 10_000]);
  assert.equal(sleeps[2], 120_000, `the pause after the 429 was ${sleeps[2]} ms`);
});

Deno.test("task wait gives each request only the time left: a hung check ends at --timeout", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const hang = (signal?: AbortSignal | null) =>
    new Promise<Response>((_, reject) => {
      signal?.addEventListener("abort", () => reject(signal.reason));
    });
  const began = performance.now();
  const result = await runWithKey(t, ["task", "wait", task.id, "--timeout", "1s"], {
    fetch: (input, init) =>
      urlOf(input).pathname.endsWith("/executions")
        ? hang(input instanceof Request ? input.signal : init?.signal)
        : fetch(input, init),
  });
  const elapsed = performance.now() - began;
  assert.equal(result.code, 124, result.stderr);
  assert.match(result.stderr, /^Error: Timed out after 1 s waiting for task /);
  assert(elapsed < 1500, `the wait took ${Math.round(elapsed)} ms`);
});

/** `torale task execute <id>` in `home`; the execution id it printed. */
async function execute(t: TestApi, id: string, home: string): Promise<string> {
  // On the waits' virtual clock: the run is recorded as started when the wait begins.
  const result = await runWithKey(t, ["task", "execute", id], { home, virtualTime: true });
  assert.equal(result.code, 0, result.stderr);
  return /^Execution ID: (\S+)$/m.exec(result.stdout)![1];
}

Deno.test("task wait --run prints a run that already finished at once, by full id or prefix", async () => {
  await using t = await startTestApi({ results: { [QUERY]: [notMet] } });
  const task = await createTask(t);
  const home = await tempHome();
  const run = await execute(t, task.id, home);
  await waitForRuns(t, task.id, 1);
  for (const given of [run, run.slice(0, 8)]) {
    const sleeps: number[] = [];
    const result = await runWithKey(t, ["task", "wait", task.id.slice(0, 6), "--run", given], {
      virtualTime: true,
      sleeps,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^Execution:\\s+${run}$`, "m"));
    assert.match(result.stdout, /^Status:\s+success$/m);
    assert.deepEqual(sleeps, [], "no check after the first");
  }
});

Deno.test("task wait --run exits 1 with the run when it failed", async () => {
  await using t = await startTestApi({
    results: { [QUERY]: [{ ...notMet, error: "invalid search backend answer" }] },
  });
  const task = await createTask(t);
  const run = await execute(t, task.id, await tempHome());
  const result = await wait(t, [task.id, "--run", run, "--timeout", "10m"]);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, new RegExp(`^Execution:\\s+${run}$`, "m"));
  assert.match(result.stdout, /^Status:\s+failed$/m);
  assert.match(result.stderr, new RegExp(`^Error: Execution ${run} failed$`, "m"));
});

Deno.test("task wait --run exits 124 when the run is still pending at --timeout", async () => {
  // The classic API never runs an execution of a paused task: it stays pending.
  await using t = await startTestApi({ generation: "classic" });
  const task = await createTask(t, ["--paused"]);
  const run = await execute(t, task.id, await tempHome());
  const refused = await runWithKey(t, ["task", "wait", task.id, "--run", run], {
    virtualTime: true,
  });
  assert.equal(refused.code, 1, "a run that cannot finish is not waited for without --timeout");
  assert.match(refused.stderr, /^Error: The task is paused: /);
  const result = await runWithKey(t, ["task", "wait", task.id, "--run", run, "--timeout", "2m"], {
    virtualTime: true,
  });
  assert.equal(result.code, 124, result.stderr);
  assert.equal(result.stdout, "");
  assert.match(
    result.stderr,
    new RegExp(
      `^Error: Timed out after 2 min waiting for run ${run} of "Monitor: Rust 2\\.0 release" to finish\\nIt is still pending`,
      "m",
    ),
  );
});

Deno.test("task wait --run refuses an unknown or malformed run id", async (ctx) => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const cases: [string, number, RegExp][] = [
    [
      "abcd0000-0000-4000-8000-000000000000",
      1,
      /^Error: Run not found: "abcd0000-0000-4000-8000-000000000000" is not one of task \S+'s latest runs\nList the task's runs and their ids with: torale task logs /,
    ],
    ["abcd", 1, /^Error: Run not found: "abcd"/],
    ["not-an-id!", 1, /^Error: Run not found: "not-an-id!"/],
    ["ab", 2, /^Error: Run id prefix "ab" is too short\n/],
  ];
  for (const [given, code, error] of cases) {
    await ctx.step(given, async () => {
      const result = await runWithKey(t, ["task", "wait", task.id, "--run", given], {
        virtualTime: true,
      });
      assert.equal(result.code, code, result.stderr);
      assert.match(result.stderr, error);
    });
  }
});

Deno.test("task wait --until run reports the run task execute started, even when it ended first", async () => {
  await using t = await startTestApi({ results: { [QUERY]: [notMet] } });
  const task = await createTask(t);
  const home = await tempHome();
  const run = await execute(t, task.id, home);
  await waitForRuns(t, task.id, 1); // It ended before the wait below began: the old race.
  const sleeps: number[] = [];
  const result = await runWithKey(t, ["task", "wait", task.id, "--until", "run"], {
    home,
    virtualTime: true,
    sleeps,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`^Execution:\\s+${run}$`, "m"));
  assert.match(result.stderr, /^The run `torale task execute` started \(.* UTC\) has finished\.$/m);
  assert.deepEqual(sleeps, []);
  // Reported once: the next wait is for the next run.
  const again = await runWithKey(
    t,
    ["task", "wait", task.id, "--until", "run", "--timeout", "1m"],
    {
      home,
      virtualTime: true,
    },
  );
  assert.equal(again.code, 124, again.stderr);
  // Without the record (another HOME) the finished run is not the next one either.
  const elsewhere = await runWithKey(t, [
    "task",
    "wait",
    task.id,
    "--until",
    "run",
    "--timeout",
    "1m",
  ], {
    virtualTime: true,
  });
  assert.equal(elsewhere.code, 124, elsewhere.stderr);
});

Deno.test("task wait --until run ignores the recorded run once a newer run started", async () => {
  await using t = await startTestApi({ results: { [QUERY]: [notMet] } });
  const task = await createTask(t);
  const home = await tempHome();
  await execute(t, task.id, home);
  await waitForRuns(t, task.id, 1);
  await execute(t, task.id, await tempHome()); // Started elsewhere, after the recorded one.
  await waitForRuns(t, task.id, 2);
  const result = await runWithKey(
    t,
    ["task", "wait", task.id, "--until", "run", "--timeout", "1m"],
    {
      home,
      virtualTime: true,
    },
  );
  assert.equal(result.code, 124, result.stderr);
});

Deno.test("task wait --run marks the recorded run reported: --until run then waits for the next", async () => {
  await using t = await startTestApi({ results: { [QUERY]: [notMet] } });
  const task = await createTask(t);
  const home = await tempHome();
  const run = await execute(t, task.id, home);
  await waitForRuns(t, task.id, 1);
  const first = await runWithKey(t, ["task", "wait", task.id, "--run", run], {
    home,
    virtualTime: true,
  });
  assert.equal(first.code, 0, first.stderr);
  const next = await runWithKey(t, ["task", "wait", task.id, "--until", "run", "--timeout", "1m"], {
    home,
    virtualTime: true,
  });
  assert.equal(next.code, 124, next.stderr);
});

Deno.test('the help\'s example works: run=$(task execute --jq .id) && task wait --run "$run"', async () => {
  await using t = await startTestApi({ results: { [QUERY]: [met] } });
  const task = await createTask(t);
  const started = await runWithKey(t, ["task", "execute", task.id, "--jq", ".id"]);
  assert.equal(started.code, 0, started.stderr);
  const run = started.stdout.trimEnd();
  assert.match(run, /^[0-9a-f-]{36}$/);
  const result = await wait(t, [task.id, "--run", run, "--timeout", "10m"]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`^Execution:\\s+${run}$`, "m"));
});

Deno.test("task wait --until run does not take a run recorded long ago for the next one", async () => {
  await using t = await startTestApi({ results: { [QUERY]: [notMet] } });
  const task = await createTask(t);
  const home = await tempHome();
  await execute(t, task.id, home);
  await waitForRuns(t, task.id, 1);
  // The run was started a day ago and never waited for.
  const file = `${home}/.torale/runs.json`;
  const records = JSON.parse(await Deno.readTextFile(file));
  records[task.id].at -= 24 * 3600_000;
  await Deno.writeTextFile(file, JSON.stringify(records));
  const result = await runWithKey(
    t,
    ["task", "wait", task.id, "--until", "run", "--timeout", "1m"],
    {
      home,
      virtualTime: true,
    },
  );
  assert.equal(result.code, 124, result.stderr);
  assert.doesNotMatch(result.stderr, /has finished\./);
});
