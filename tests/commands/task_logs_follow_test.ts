/**
 * `torale task logs --follow`, in-process against the local API of both generations with
 * injected time: the runs so far, then new runs as they finish, until Ctrl-C (exit 130).
 */
import assert from "node:assert/strict";
import type { Generation } from "../../local_api/server.ts";
import { startTestApi, type TestApi } from "../helpers/api.ts";
import { runWithKey } from "../helpers/cli.ts";
import { apiRuns, scheduler } from "../helpers/runs.ts";
import { createTask, waitForRuns } from "../helpers/tasks.ts";

const QUERY = "rust 2.0 release";

/** A task with two finished runs, the first not met and the second met. */
async function taskWithTwoRuns(t: TestApi) {
  const task = await createTask(
    t,
    t.api.generation === "classic" ? ["--notify-behavior", "always"] : [],
  );
  await runWithKey(t, ["task", "execute", task.id]);
  await waitForRuns(t, task.id, 1);
  await runWithKey(t, ["task", "execute", task.id]);
  await waitForRuns(t, task.id, 2);
  return task;
}

/**
 * Follows `id` while the test starts two more runs, and presses Ctrl-C at the check after
 * the one that showed both finished (so the CLI has printed them).
 */
async function followTwoMore(t: TestApi, id: string, extra: string[] = []) {
  const interrupts: (() => void)[] = [];
  let sawBoth = false;
  const sched = scheduler(t, id, {
    runs: 2,
    idle: 1, // the listing before following shows the two runs so far only
    onCheck: (_, runs) => {
      if (sawBoth) interrupts.forEach((press) => press());
      sawBoth = runs.length === 4 && runs.every((run) => run.status === "success");
    },
  });
  const sleeps: number[] = [];
  const result = await runWithKey(t, ["task", "logs", id, "--follow", ...extra], {
    fetch: sched.fetch,
    interrupts,
    virtualTime: true,
    realSleep: true,
    sleeps,
  });
  return { result, sleeps, started: sched.started() };
}

for (const generation of ["classic", "current"] as Generation[]) {
  Deno.test(`task logs --follow (${generation}) prints the runs so far, then each new one, until Ctrl-C`, async () => {
    await using t = await startTestApi({
      generation,
      results: {
        [QUERY]: [
          { answer: "Not yet.", condition_met: false },
          { answer: "Shipped.", condition_met: true },
          { answer: "Third.", condition_met: false },
          { answer: "Fourth.", condition_met: true },
        ],
      },
    });
    const task = await taskWithTwoRuns(t);
    const { result, sleeps, started } = await followTwoMore(t, task.id);
    assert.equal(result.code, 130, result.stderr);
    assert.equal(started, 2);
    assert.equal(result.stderr, "Error: Interrupted\n");
    const oldestFirst = (await apiRuns(t, task.id)).toReversed();
    const printed = [...result.stdout.matchAll(/^Execution:\s+(\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual(printed, oldestFirst.map((run) => run.id), "each run once, in time order");
    const answers = [...result.stdout.matchAll(/^Answer:\s+(.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(answers, ["Not yet.", "Shipped.", "Third.", "Fourth."]);
    assert(sleeps.every((ms) => ms >= 5000 && ms <= 60_000), `${sleeps}`);
  });
}

Deno.test("task logs --follow --json prints one JSON object per line", async () => {
  await using t = await startTestApi({
    results: { [QUERY]: { answer: "x", condition_met: false } },
  });
  const task = await taskWithTwoRuns(t);
  const { result } = await followTwoMore(t, task.id, ["--json"]);
  assert.equal(result.code, 130, result.stderr);
  const lines = result.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 4, result.stdout);
  const runs = lines.map((line) => JSON.parse(line));
  const oldestFirst = (await apiRuns(t, task.id)).toReversed();
  assert.deepEqual(runs.map((run) => run.id), oldestFirst.map((run) => run.id));
  assert(runs.every((run) => run.task_id === task.id && run.status === "success"));
});

Deno.test("task logs --follow prints a run shown in progress again once it finishes", async () => {
  await using t = await startTestApi({
    results: { [QUERY]: { answer: "x", condition_met: false } },
  });
  const task = await createTask(t, ["--notify-behavior", "always"]);
  const interrupts: (() => void)[] = [];
  let checks = 0;
  const result = await runWithKey(t, ["task", "logs", task.id, "--follow", "--json"], {
    virtualTime: true,
    realSleep: true,
    interrupts,
    fetch: async (input, init) => {
      const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
      if (path.endsWith("/executions") && ++checks === 1) {
        // The run starts just before the first listing: it is shown pending.
        await runWithKey(t, ["task", "execute", task.id]);
      }
      const response = await fetch(input, init);
      if (path.endsWith("/executions")) {
        const runs = await response.clone().json();
        if (checks > 1 && runs[0]?.status === "success") {
          setTimeout(() => interrupts.forEach((press) => press()), 0);
        }
      }
      return response;
    },
  });
  assert.equal(result.code, 130, result.stderr);
  const statuses = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line).status);
  assert.deepEqual(statuses, ["pending", "success"]);
});

Deno.test("task logs --follow refuses --status running: it prints runs as they finish", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const result = await runWithKey(t, ["task", "logs", task.id, "--follow", "--status", "running"]);
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /^Error: --follow prints runs as they finish: --status running never\n/,
  );
});

Deno.test("task logs --follow filters each run on its own with --jq, and writes YAML documents", async () => {
  await using t = await startTestApi({
    results: { [QUERY]: { answer: "x", condition_met: false } },
  });
  const task = await taskWithTwoRuns(t);
  const jq = (await followTwoMore(t, task.id, ["--jq", ".status"])).result;
  assert.equal(jq.code, 130, jq.stderr);
  assert.equal(jq.stdout, "success\n".repeat(4));
  const other = await taskWithTwoRuns(t);
  const yaml = (await followTwoMore(t, other.id, ["--yaml"])).result;
  assert.equal(yaml.code, 130, yaml.stderr);
  assert.equal(yaml.stdout.match(/^---$/gm)?.length, 4);
  assert.equal(yaml.stdout.match(/^status: success$/gm)?.length, 4);
});
