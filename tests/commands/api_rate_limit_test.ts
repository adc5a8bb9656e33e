/**
 * `torale api` and the service's rate limit: against the local API with upstream's limits
 * (slowapi's 429, no Retry-After) it waits as the public commands do, on a clock the test
 * moves, and gives up with exit 5; a write refused with 429 is sent again, whole.
 */
import assert from "node:assert/strict";
import { startTestApi, type TestApi } from "../helpers/api.ts";
import { runInProcess, runWithKey, tempHome } from "../helpers/cli.ts";
import { json, stubFetch } from "../helpers/fetch_stub.ts";
import { createTask } from "../helpers/tasks.ts";

const PUBLIC_TASKS = "/api/v1/public/tasks";
const KEY = "sk_" + "a".repeat(43);
const WAIT_LINE = "rate limited by the service, retrying in 15s";

/** A current local API with upstream's limits and `n` public tasks; the newest first. */
async function limitedApi(n: number): Promise<{ t: TestApi; ids: string[] }> {
  const t = await startTestApi({ generation: "current", rateLimit: "upstream" });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const task = await createTask(t, ["-n", `public ${i}`]);
    assert.equal((await runWithKey(t, ["task", "share", task.id])).code, 0);
    ids.unshift(task.id);
  }
  return { t, ids };
}

/** Spends `count` of this address's public reads of the minute. */
async function spend(t: TestApi, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${t.url}${PUBLIC_TASKS}`);
    assert.equal(response.status, 200);
    await response.body?.cancel();
  }
}

/**
 * Sleeps that pass for the local API too: while in use, Date.now (the limiter's clock, and the
 * run's) is ahead by what the run slept, so a minute of waits ends the limiter's window.
 */
function movingTime(): { sleeps: number[] } & Disposable {
  const realNow = Date.now;
  let ahead = 0;
  const sleeps: number[] = [];
  sleeps.push = (...ms: number[]) => {
    for (const each of ms) ahead += each;
    return Array.prototype.push.apply(sleeps, ms);
  };
  Date.now = () => realNow() + ahead;
  return { sleeps, [Symbol.dispose]: () => void (Date.now = realNow) };
}

Deno.test("api --paginate waits out upstream's 429s without Retry-After, says so, and gets every page", async () => {
  const { t, ids } = await limitedApi(3);
  await using _ = t;
  // Nine of the minute's ten reads gone: the first page is the tenth, the second is refused.
  await spend(t, 9);
  using time = movingTime();
  const result = await runWithKey(
    t,
    ["api", `${PUBLIC_TASKS}?limit=1`, "--paginate", "--jq", "[.tasks[].id]"],
    { sleeps: time.sleeps },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), ids);
  // 15 s at a time until the window of a minute has passed.
  assert.deepEqual([...time.sleeps], [15_000, 15_000, 15_000, 15_000]);
  assert.deepEqual(result.stderr.trimEnd().split("\n"), Array(4).fill(WAIT_LINE));
});

Deno.test("api gives up on a 429 past 90 s of waiting: exit 5, nothing on stdout", async () => {
  const { t } = await limitedApi(1);
  await using _ = t;
  await spend(t, 10);
  const sleeps: number[] = [];
  const result = await runWithKey(t, ["api", PUBLIC_TASKS], { sleeps });
  assert.equal(result.code, 5, result.stderr);
  assert.equal(result.stdout, "");
  assert.deepEqual(sleeps, Array(6).fill(15_000));
  const lines = result.stderr.trimEnd().split("\n");
  assert.deepEqual(lines.slice(0, 6), Array(6).fill(WAIT_LINE));
  assert.equal(
    lines[6],
    `Error: Rate limited by the service: GET ${PUBLIC_TASKS} was still refused after waiting 90 s`,
  );
  assert.match(lines.slice(7).join("\n"), /try again in a minute/);
});

Deno.test("api sends a write refused with 429 again after its Retry-After, the same body", async () => {
  const body = '{"search_query":"Rust 2.0 release"}';
  const stub = stubFetch([
    {
      method: "POST",
      path: "/api/v1/tasks/",
      respond: () =>
        json(429, { error: "Rate limit exceeded: 10 per 1 minute" }, {
          "Retry-After": "20",
        }),
    },
    { method: "POST", path: "/api/v1/tasks/", respond: () => json(201, { id: "t1" }) },
  ]);
  const sleeps: number[] = [];
  const result = await runInProcess(["api", "/api/v1/tasks/", "--input", "-", "--jq", ".id"], {
    home: await tempHome(),
    env: { TORALE_API_KEY: KEY, TORALE_API_URL: "https://api.example.test" },
    secrets: [KEY],
    fetch: stub.fetch,
    stdin: body,
    sleeps,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, "t1\n");
  // Longer than the client's own short wait (10 s): the patience's, told on stderr.
  assert.deepEqual(sleeps, [20_000]);
  assert.equal(result.stderr, "rate limited by the service, retrying in 20s\n");
  assert.deepEqual(await Promise.all(stub.requests.map((r) => r.text())), [body, body]);
  stub.assertDone();
});
