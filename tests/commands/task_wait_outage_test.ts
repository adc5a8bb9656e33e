/**
 * Waits ride out an outage of the service: within --timeout or, without one, for 5 minutes of
 * one outage, saying so on stderr; then they give up with exit 5, apart from 1 ("the run
 * failed") and 124 ("time is up"). In-process, with virtual time.
 */
import assert from "node:assert/strict";
import type { CannedResult } from "../../local_api/server.ts";
import { startTestApi } from "../helpers/api.ts";
import { scheduler, urlOf } from "../helpers/runs.ts";
import { runWithKey } from "../helpers/cli.ts";
import { createTask } from "../helpers/tasks.ts";

const QUERY = "rust 2.0 release";
const met: CannedResult = { answer: "Rust 2.0 shipped.", condition_met: true };

/** `inner`, except that checks of runs numbered in `down` fail as `failure` does. */
function withOutage(
  inner: typeof fetch,
  down: (check: number) => boolean,
  failure: "refused" | "503",
): typeof fetch {
  let checks = 0;
  return async (input, init) => {
    if (urlOf(input).pathname.endsWith("/executions") && down(++checks)) {
      if (failure === "refused") throw new TypeError("error sending request: Connection refused");
      return new Response(JSON.stringify({ detail: "Service Unavailable" }), {
        status: 503,
        headers: { "content-type": "application/json" },
      });
    }
    return await inner(input, init);
  };
}

for (const failure of ["refused", "503"] as const) {
  Deno.test(`task wait rides out an outage (${failure}) and ends with the run that met it`, async () => {
    await using t = await startTestApi({ results: { [QUERY]: [met] } });
    const task = await createTask(t);
    const sched = scheduler(t, task.id, { runs: 1, idle: 1 });
    const fetch = withOutage(sched.fetch, (check) => check >= 2 && check <= 5, failure);
    const result = await runWithKey(t, ["task", "wait", task.id], {
      virtualTime: true,
      fetch,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Rust 2\.0 shipped\./);
    assert.match(result.stderr, /The API failed or could not be reached \(.*\); retrying\n/);
    assert.match(result.stderr, /The API answers again, after \d/);
  });
}

Deno.test("task wait without --timeout gives up after 5 min of one outage, exit 5", async () => {
  await using t = await startTestApi({ results: { [QUERY]: [met] } });
  const task = await createTask(t);
  const sleeps: number[] = [];
  const fetch = withOutage(globalThis.fetch, (check) => check >= 2, "refused");
  const result = await runWithKey(t, ["task", "wait", task.id], {
    virtualTime: true,
    sleeps,
    fetch,
  });
  assert.equal(result.code, 5, result.stderr);
  assert.match(
    result.stderr,
    /^Error: Gave up waiting: the API failed or could not be reached for 5 min/m,
  );
  assert.match(result.stderr, /^Last error: /m);
  const total = sleeps.reduce((a, b) => a + b, 0);
  assert(total >= 300_000 && total < 420_000, `waited ${total} ms in all`);
});

Deno.test("task wait --timeout that passes during an outage ends with exit 5, not 124", async () => {
  await using t = await startTestApi({ results: { [QUERY]: [met] } });
  const task = await createTask(t);
  const fetch = withOutage(globalThis.fetch, (check) => check >= 2, "503");
  const result = await runWithKey(t, ["task", "wait", task.id, "--timeout", "20m"], {
    virtualTime: true,
    fetch,
  });
  assert.equal(result.code, 5, result.stderr);
  assert.match(result.stderr, /^Error: Gave up waiting: the API failed or could not be reached/m);
});

Deno.test("task wait --interval beyond a day is a usage error: no timer overflows", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const result = await runWithKey(t, ["task", "wait", task.id, "--interval", "30d"], {
    virtualTime: true,
  });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /^Error: --interval must be between 2 s and 24 h/);
});
