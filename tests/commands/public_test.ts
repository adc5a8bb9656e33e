/**
 * `torale public …` against the local API and stubbed servers: anonymous reads, the owner's
 * key, paging, the rate limit's 429s (with and without Retry-After), RSS, the classic refusal,
 * and server text on a terminal.
 */
import assert from "node:assert/strict";
import type { Task } from "../../src/api/types.ts";
import { startTestApi, type TestApi } from "../helpers/api.ts";
import {
  type InProcessOptions,
  runInProcess,
  runNoAuth,
  runWithKey,
  tempHome,
} from "../helpers/cli.ts";
import { currentHealth, json, type Stub, stubFetch } from "../helpers/fetch_stub.ts";
import { createTask } from "../helpers/tasks.ts";

const ID = "5d1c1f3e-8a2b-4c3d-9e4f-a0b1c2d3e4f5";

/** A current local API holding `n` public tasks (one named `name` when given) and a private one. */
async function withPublicTasks(n: number, name?: string): Promise<{ t: TestApi; ids: string[] }> {
  const t = await startTestApi({ generation: "current" });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const task = await createTask(t, ["-n", i === 0 && name ? name : `public ${i}`]);
    assert.equal((await runWithKey(t, ["task", "share", task.id])).code, 0);
    ids.unshift(task.id);
  }
  await createTask(t, ["-n", "private"]);
  return { t, ids };
}

/** A run without any key configured, against `t`. */
async function anonymous(
  t: TestApi,
  args: string[],
  options: Partial<InProcessOptions> = {},
) {
  return await runInProcess(args, {
    home: await tempHome(),
    ...options,
    env: { TORALE_API_URL: t.url, ...options.env },
  });
}

/** A fetch that records each request's Authorization header, then sends it. */
function authSeen(): { fetch: typeof fetch; seen: (string | null)[] } {
  const seen: (string | null)[] = [];
  return {
    seen,
    fetch: (input, init) => {
      seen.push(new Headers(init?.headers).get("authorization"));
      return fetch(input, init);
    },
  };
}

/** A page of the public list holding tasks with these ids. */
function page(ids: string[], offset: number, total: number): Response {
  const tasks = ids.map((id) => ({ id, name: `t ${id}`, state: "active", created_at: "x" }));
  return json(200, { tasks, total, offset, limit: 1 });
}

const limited = (headers: Record<string, string> = {}) =>
  json(429, { error: "Rate limit exceeded: 10 per 1 minute" }, headers);

Deno.test("public list, get, feed and stats need no key: nothing is sent as Authorization", async () => {
  const { t, ids } = await withPublicTasks(2);
  await using _ = t;
  const { fetch, seen } = authSeen();
  const list = await anonymous(t, ["public", "list", "--json"], { fetch });
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(JSON.parse(list.stdout).map((task: Task) => task.id), ids);
  assert.deepEqual(JSON.parse(list.stdout)[0].notifications, []);
  const got = await anonymous(t, ["public", "get", ids[0], "--json"], { fetch });
  assert.equal(JSON.parse(got.stdout).id, ids[0]);
  // The service shows notifications to the owner alone: an empty list is not "none".
  const shown = await anonymous(t, ["public", "get", ids[0]], { fetch });
  assert.match(shown.stdout, /^Notifications:\s+none shown \(only the task's owner sees them\)$/m);
  for (const args of [["public", "feed"], ["public", "stats"]]) {
    const result = await anonymous(t, args, { fetch });
    assert.equal(result.code, 0, result.stderr);
  }
  const mine = JSON.parse((await runWithKey(t, ["task", "list", "--json"])).stdout);
  const hidden = mine.find((task: Task) => task.name === "private").id;
  const refused = await anonymous(t, ["public", "get", hidden], { fetch });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, new RegExp(`^Error: Public task not found: "${hidden}"`));
  assert(seen.length >= 7);
  assert.deepEqual(seen.filter((header) => header !== null), []);
});

Deno.test("public list with the owner's key shows their notifications; the key is sent", async () => {
  await using t = await startTestApi({ generation: "current" });
  const task = await createTask(t, ["--webhook", "https://hooks.example/t"]);
  await runWithKey(t, ["task", "share", task.id]);
  const { fetch, seen } = authSeen();
  const owner = await runWithKey(t, ["public", "list", "--json"], { fetch });
  assert.equal(JSON.parse(owner.stdout)[0].notifications[0].url, "https://hooks.example/t");
  assert(seen.some((header) => header === `Bearer ${t.key}`));
  const stranger = await anonymous(t, ["public", "list", "--json"]);
  assert.deepEqual(JSON.parse(stranger.stdout)[0].notifications, []);
});

Deno.test("public list: one page with where it stands; --paginate follows offset to total", async () => {
  const { t, ids } = await withPublicTasks(5);
  await using _ = t;
  const one = await anonymous(t, ["public", "list", "--limit", "2", "--offset", "1"]);
  assert.equal(one.code, 0, one.stderr);
  const rows = one.stdout.trimEnd().split("\n");
  assert.equal(rows[0], "ID\tNAME\tQUERY\tVIEWS\tFORKS\tCREATED");
  assert.deepEqual(rows.slice(1).map((row) => row.split("\t")[0]), ids.slice(1, 3));
  assert.match(one.stderr, /Showing 2-3 of 5 public tasks \(next page: --offset 3/);
  const requests: string[] = [];
  const all = await anonymous(t, ["public", "list", "--paginate", "--limit", "2", "--json"], {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new URL(String(input)).search);
      return fetch(input, init);
    },
  });
  assert.deepEqual(JSON.parse(all.stdout).map((task: Task) => task.id), ids);
  assert.deepEqual(requests.filter((search) => search.includes("offset")), [
    "?sort_by=recent&limit=2&offset=0",
    "?sort_by=recent&limit=2&offset=2",
    "?sort_by=recent&limit=2&offset=4",
  ]);
  const popular = await anonymous(t, ["public", "list", "--sort", "popular", "--json"]);
  assert.equal(JSON.parse(popular.stdout).length, 5);
  const empty = await anonymous(t, ["public", "list", "--offset", "9"]);
  assert.equal(empty.stdout, "No public tasks.\n");
});

Deno.test("public list --paginate waits out 429s, with and without Retry-After, and says so", async () => {
  const stub = stubFetch([
    currentHealth,
    { method: "GET", path: "/api/v1/public/tasks", respond: () => page(["a"], 0, 3) },
    { method: "GET", path: "/api/v1/public/tasks", respond: () => limited() },
    {
      method: "GET",
      path: "/api/v1/public/tasks",
      respond: () => limited({ "Retry-After": "30" }),
    },
    { method: "GET", path: "/api/v1/public/tasks", respond: () => page(["b"], 1, 3) },
    {
      method: "GET",
      path: "/api/v1/public/tasks",
      respond: () => limited({ "Retry-After": "2" }),
    },
    { method: "GET", path: "/api/v1/public/tasks", respond: () => page(["c"], 2, 3) },
  ]);
  const sleeps: number[] = [];
  const result = await runNoAuth(["public", "list", "--paginate", "--limit", "1", "--json"], {
    fetch: stub.fetch,
    sleeps,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout).map((task: Task) => task.id), ["a", "b", "c"]);
  assert.deepEqual(sleeps, [15_000, 30_000, 2_000]);
  assert.deepEqual(result.stderr.trimEnd().split("\n"), [
    "rate limited by the service, retrying in 15s",
    "rate limited by the service, retrying in 30s",
    "rate limited by the service, retrying in 2s",
  ]);
  stub.assertDone();
});

Deno.test("a public read gives up past 90 s of waiting (exit 5), or at once when told to wait longer", async () => {
  const refusals: Stub[] = Array.from({ length: 7 }, () => ({
    method: "GET",
    path: "/api/v1/public/feed",
    respond: () => limited(),
  }));
  const stub = stubFetch([currentHealth, ...refusals]);
  const sleeps: number[] = [];
  const result = await runNoAuth(["public", "feed"], { fetch: stub.fetch, sleeps });
  assert.equal(result.code, 5, result.stderr);
  assert.deepEqual(sleeps, Array(6).fill(15_000));
  assert.match(
    result.stderr,
    /Error: Rate limited by the service: GET \/api\/v1\/public\/feed was still refused after waiting 90 s\n.*try again in a minute/,
  );
  stub.assertDone();
  const long = stubFetch([currentHealth, {
    method: "GET",
    path: `/api/v1/public/tasks/id/${ID}`,
    respond: () => limited({ "Retry-After": "3600" }),
  }]);
  const impatient = await runNoAuth(["public", "get", ID], { fetch: long.fetch, sleeps: [] });
  assert.equal(impatient.code, 5);
  assert.match(impatient.stderr, /may be asked again only in 3600 s/);
  long.assertDone();
});

Deno.test("public commands but stats refuse the classic API (exit 2, nothing sent); stats works there", async () => {
  await using t = await startTestApi({ generation: "classic" });
  const commands = [["list"], ["get", ID], ["rss", ID], ["rss", ID, "--json"], ["feed"]];
  for (const words of commands) {
    const requests: string[] = [];
    const result = await anonymous(t, ["public", ...words], {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => {
        requests.push(new URL(String(input)).pathname);
        return fetch(input, init);
      },
    });
    assert.equal(result.code, 2, words.join(" "));
    assert.match(
      result.stderr,
      new RegExp(`Error: \`torale public ${words[0]}\` needs the current Torale API`),
    );
    assert.deepEqual(requests, ["/health"]);
  }
  const stats = await anonymous(t, ["public", "stats", "--json"]);
  assert.deepEqual(JSON.parse(stats.stdout), {
    capacity: { max_users: 100, current_users: 1, available_slots: 99 },
  });
  const human = await anonymous(t, ["public", "stats"]);
  assert.equal(human.stdout, "Users:       1\nCapacity:    100\nPlaces left: 99\n");
});

Deno.test("public rss: the URL, the feed as JSON, the XML; a private task has none", async () => {
  const { t, ids } = await withPublicTasks(1);
  await using _ = t;
  const url = await anonymous(t, ["public", "rss", ids[0]]);
  assert.equal(url.stdout, `${t.url}/tasks/${ids[0]}/rss\n`);
  const parsed = JSON.parse((await anonymous(t, ["public", "rss", ids[0], "--json"])).stdout);
  assert.deepEqual(parsed.channel, {
    title: "public 0 - Torale Monitor",
    link: `https://torale.ai/tasks/${ids[0]}`,
    description: "Monitoring results for: Released",
    language: "en-us",
    self: `${t.url.replace("http://", "https://")}/tasks/${ids[0]}/rss`,
  });
  assert.deepEqual(parsed.items, []);
  const raw = await anonymous(t, ["public", "rss", ids[0].slice(0, 8), "--raw"]);
  assert.match(raw.stdout, /^<\?xml version='1.0' encoding='utf-8'\?>\n<rss /);
  const mine = (await runWithKey(t, ["task", "list", "--json"])).stdout;
  const hidden = JSON.parse(mine).find((task: Task) => task.name === "private").id;
  const refused = await runWithKey(t, ["public", "rss", hidden, "--json"]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, new RegExp(`Error: Public task not found: "${hidden}"`));
});

Deno.test("public rss prints no URL for a full id that is private or unknown (exit 1), as --json", async () => {
  const { t, ids } = await withPublicTasks(1);
  await using _ = t;
  const mine = (await runWithKey(t, ["task", "list", "--json"])).stdout;
  const hidden = JSON.parse(mine).find((task: Task) => task.name === "private").id;
  for (const [id, run] of [[hidden, runWithKey], [hidden, anonymous], [ID, anonymous]] as const) {
    const result = await run(t, ["public", "rss", id]);
    assert.equal(result.code, 1, `${id}: ${result.stdout}`);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, new RegExp(`Error: Public task not found: "${id}"`));
  }
  const url = await runWithKey(t, ["public", "rss", ids[0]]);
  assert.equal(url.stdout, `${t.url}/tasks/${ids[0]}/rss\n`);
});

Deno.test("public rss --json refuses an answer that is not RSS", async () => {
  const stub = stubFetch([currentHealth, {
    method: "GET",
    path: `/tasks/${ID}/rss`,
    respond: () => new Response("<html>hi</html>", { headers: { "content-type": "text/html" } }),
  }]);
  const result = await runNoAuth(["public", "rss", ID, "--json"], { fetch: stub.fetch });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /is not an RSS feed \(text\/html\)/);
});

Deno.test("public list, get and rss --raw show server text escaped on a terminal", async () => {
  const { t, ids } = await withPublicTasks(1, "Evil\x1b]52;c;x\x07\u202e");
  await using _ = t;
  const terminal = { stdoutIsTerminal: true, columns: 200, env: { NO_COLOR: "1" } };
  for (
    const args of [["public", "list"], ["public", "get", ids[0]], [
      "public",
      "rss",
      ids[0],
      "--raw",
    ]]
  ) {
    const result = await anonymous(t, args, terminal);
    assert.equal(result.code, 0, result.stderr);
    for (const raw of ["\x1b", "\x07", "\u202e"]) {
      assert(!result.stdout.includes(raw), `${args.join(" ")}: ${JSON.stringify(raw)}`);
    }
    assert.match(result.stdout, /Evil\\e\]52;c;x\\x07\\u202e/, args.join(" "));
  }
  const piped = await anonymous(t, ["public", "rss", ids[0], "--raw"]);
  assert(piped.stdout.includes("Evil\x1b]52;c;x\x07\u202e"), "exact when piped");
});

Deno.test("public flags are checked before anything is sent (exit 2)", async () => {
  for (
    const args of [
      ["list", "--limit", "0"],
      ["list", "--limit", "101"],
      ["list", "--offset", "-1"],
      ["list", "--sort", "views"],
      ["feed", "--limit", "101"],
    ]
  ) {
    const result = await runNoAuth(["public", ...args], { fetch: stubFetch([]).fetch });
    assert.equal(result.code, 2, args.join(" "));
  }
});

Deno.test("public list --paginate stops after 1000 pages of a server that never ends", async () => {
  let asked = 0;
  const endless = ((input: RequestInfo | URL) => {
    const url = new URL(String(input));
    if (url.pathname === "/health") return Promise.resolve(json(200, { status: "healthy" }));
    asked++;
    const offset = Number(url.searchParams.get("offset"));
    return Promise.resolve(
      json(200, { tasks: [{ id: `t${offset}` }], offset, limit: 1 }),
    );
  }) as typeof fetch;
  const result = await runNoAuth(["public", "list", "--paginate", "--limit", "1", "--json"], {
    fetch: endless,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(asked, 1000);
  assert.equal(JSON.parse(result.stdout).length, 1000);
  // A list cut short is never passed off as complete.
  assert.match(
    result.stderr,
    /Warning: Stopped after 1000 pages \(1000 tasks\): the list may go on; continue with --offset 1000/,
  );
});

Deno.test("public list --paginate that reaches the end warns of nothing", async () => {
  const { t, ids } = await withPublicTasks(3);
  await using _ = t;
  const result = await anonymous(t, ["public", "list", "--paginate", "--limit", "1", "--json"]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).length, ids.length);
  assert.equal(result.stderr, "");
});
