/**
 * Against the current API, flags it cannot honour are refused before any
 * write, names never collide, and a field the server drops is an error;
 * against the classic API the current-only commands are refused. In-process
 * against stubs that fail on any request they do not expect.
 */
import assert from "node:assert/strict";
import { runNoAuth, tempHome } from "../helpers/cli.ts";
import { classicHealth, currentHealth, json, stubFetch } from "../helpers/fetch_stub.ts";

const ID = "abcd1111-0000-4000-8000-000000000000";

function currentTask(fields: Record<string, unknown> = {}) {
  return {
    id: ID,
    name: "Rust",
    state: "active",
    search_query: "Rust 2.0 release",
    condition_description: "Released",
    notifications: [],
    created_at: "2026-04-27T09:00:00Z",
    next_run: "2026-04-27T09:01:00Z",
    is_public: false,
    forked_from_task_id: null,
    ...fields,
  };
}

Deno.test("on the current API, classic-only flags are usage errors and nothing is sent", async (t) => {
  const cases: [string, string[], RegExp][] = [
    ["--schedule", ["task", "update", ID, "--schedule", "0 */6 * * *"], /--schedule is not/],
    ["--notify-behavior", ["task", "update", ID, "--notify-behavior", "always"], /--notify/],
    ["create --schedule", ["task", "create", "-q", "q", "-c", "c", "-s", "0 9 * * *"], /--sch/],
    ["create --model", ["task", "create", "-q", "q", "-c", "c", "-m", "gemini"], /--model/],
    ["--suppress-notifications", ["task", "execute", ID, "--suppress-notifications"], /--supp/],
    ["preview", ["task", "preview", "-q", "q"], /task preview is not/],
  ];
  for (const [name, args, message] of cases) {
    await t.step(name, async () => {
      const stub = stubFetch([currentHealth]);
      const result = await runNoAuth(args, { fetch: stub.fetch });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.match(
        result.stderr,
        /current Torale API at http:\/\/127\.0\.0\.1:9; nothing was sent/,
      );
      assert.equal(result.stdout, "");
      stub.assertDone();
    });
  }
});

Deno.test("on the current API, an unnamed create never collides with an existing name", async () => {
  const existing = currentTask({ name: "Monitor: Rust 2.0 release" });
  const stub = stubFetch([currentHealth, {
    method: "GET",
    path: "/api/v1/tasks/",
    respond: () => json(200, [existing]),
  }, {
    method: "POST",
    path: "/api/v1/tasks/",
    respond: async (request) => {
      const body = await request.json();
      assert.equal(body.name, "Monitor: Rust 2.0 release (2)");
      assert.equal("schedule" in body || "config" in body || "notify_behavior" in body, false);
      return json(200, currentTask({ name: body.name }));
    },
  }]);
  const result = await runNoAuth(["task", "create", "-q", "Rust 2.0 release", "-c", "Released"], {
    fetch: stub.fetch,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Name:\s+Monitor: Rust 2\.0 release \(2\)$/m);
  assert.match(result.stdout, /^Next Run:\s+.*\(2026-04-27 09:01:00 UTC\)$/m);
  stub.assertDone();
});

Deno.test("on the current API, an explicit duplicate name is an error before any write", async () => {
  const stub = stubFetch([currentHealth, {
    method: "GET",
    path: "/api/v1/tasks/",
    respond: () => json(200, [currentTask()]),
  }]);
  const result = await runNoAuth(["task", "create", "-q", "x", "-c", "y", "-n", "Rust"], {
    fetch: stub.fetch,
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^Error: A task named "Rust" already exists \(abcd1111-/);
  assert.match(result.stderr, /nothing was created/);
  assert.match(result.stderr, /choose another with -n, or leave -n out/);
  stub.assertDone();
});

Deno.test("a field the server did not apply is an error naming it, after the saved task", async () => {
  const stub = stubFetch([{
    method: "PUT",
    path: `/api/v1/tasks/${ID}`,
    // A server that ignores `condition_description`: the echo keeps the old one.
    respond: () => json(200, currentTask({ search_query: "New query" })),
  }]);
  const result = await runNoAuth(
    ["task", "update", ID, "--query", "New query", "--condition", "New condition"],
    { fetch: stub.fetch },
  );
  assert.equal(result.code, 1);
  assert.match(result.stdout, /Task updated/);
  assert.match(
    result.stderr,
    /^Error: The server did not apply "condition_description" of the change\n/,
  );
  assert.match(
    result.stderr,
    /condition_description: asked "New condition", server has "Released"/,
  );
  stub.assertDone();
});

Deno.test("the current-only commands are usage errors on the classic API", async (t) => {
  for (
    const args of [["task", "share", ID], ["task", "unshare", ID], ["task", "fork", ID], [
      "task",
      "feed",
    ]]
  ) {
    await t.step(args.slice(0, 2).join(" "), async () => {
      const stub = stubFetch([classicHealth]);
      const result = await runNoAuth(args, { fetch: stub.fetch });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /needs the current Torale API; .* speaks the classic one/);
      stub.assertDone();
    });
  }
});

Deno.test("share, fork and feed on the current API", async () => {
  const stub = stubFetch([
    currentHealth,
    {
      method: "PATCH",
      path: `/api/v1/tasks/${ID}/visibility`,
      respond: async (request) => {
        assert.deepEqual(await request.json(), { is_public: true });
        return json(200, { is_public: true });
      },
    },
    currentHealth,
    {
      method: "POST",
      path: `/api/v1/tasks/${ID}/fork`,
      respond: async (request) => {
        assert.deepEqual(await request.json(), { name: "Copy" });
        return json(
          200,
          currentTask({
            id: "bbbb1111-0000-4000-8000-000000000000",
            name: "Copy",
            state: "paused",
            forked_from_task_id: ID,
          }),
        );
      },
    },
    currentHealth,
    {
      method: "GET",
      path: "/api/v1/tasks/feed",
      respond: (request) => {
        assert.equal(new URL(request.url).searchParams.get("limit"), "5");
        return json(200, [{
          id: "e",
          task_id: ID,
          task_name: "Rust",
          status: "success",
          notification: "Rust 2.0 is out",
          started_at: "2026-04-27T09:00:00Z",
        }]);
      },
    },
  ]);
  const shared = await runNoAuth(["task", "share", ID], { fetch: stub.fetch });
  assert.equal(shared.code, 0, shared.stderr);
  assert.equal(shared.stdout, `✓ Task ${ID} is public\n`);
  const forked = await runNoAuth(["task", "fork", ID, "-n", "Copy"], { fetch: stub.fetch });
  assert.equal(forked.code, 0, forked.stderr);
  assert.match(forked.stdout, /^Name:\s+Copy$/m);
  const feed = await runNoAuth(["task", "feed", "--limit", "5"], { fetch: stub.fetch });
  assert.equal(feed.code, 0, feed.stderr);
  assert.match(feed.stdout, /^Rust \(abcd1111-/);
  assert.match(feed.stdout, /^Notification:\s+Rust 2\.0 is out$/m);
  stub.assertDone();
});

Deno.test("api_generation and TORALE_API_GENERATION pin the generation: no /health request", async (t) => {
  await t.step("TORALE_API_GENERATION=current", async () => {
    const stub = stubFetch([]);
    const result = await runNoAuth(["task", "preview", "-q", "q"], {
      fetch: stub.fetch,
      env: { TORALE_API_GENERATION: "current" },
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /task preview is not supported by the current Torale API/);
  });
  await t.step("an invalid TORALE_API_GENERATION is a usage error", async () => {
    const result = await runNoAuth(["task", "list"], { env: { TORALE_API_GENERATION: "new" } });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^Error: Invalid TORALE_API_GENERATION "new"/);
  });
  await t.step("config set api_generation classic", async () => {
    const home = await tempHome();
    const set = await runNoAuth(["config", "set", "api_generation", "classic"], { home });
    assert.equal(set.code, 0, set.stderr);
    const stub = stubFetch([]);
    const result = await runNoAuth(["task", "feed"], { home, fetch: stub.fetch });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /speaks the classic one/);
  });
});

Deno.test("share and fork of an unknown task are one clear line, exit 1, nothing changed", async (t) => {
  for (const args of [["task", "share", ID], ["task", "fork", ID]]) {
    await t.step(args.slice(0, 2).join(" "), async () => {
      const stub = stubFetch([currentHealth, {
        method: args[1] === "share" ? "PATCH" : "POST",
        path: `/api/v1/tasks/${ID}/${args[1] === "share" ? "visibility" : "fork"}`,
        respond: () => json(404, { detail: "Task not found" }),
      }]);
      const result = await runNoAuth(args, { fetch: stub.fetch });
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr,
        `Error: Task not found: "${ID}"\nList your tasks and their ids with: torale task list\n`,
      );
      stub.assertDone();
    });
  }
});
