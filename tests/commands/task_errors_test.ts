/**
 * How the task verbs report a failing server or network, in-process: server
 * errors, refused connections, rate limits and requests that never answer.
 */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runNoAuth, runWithKey, tempHome } from "../helpers/cli.ts";
import { classicHealth, json, stubFetch } from "../helpers/fetch_stub.ts";
import { refusedUrl } from "../helpers/net.ts";

Deno.test("server errors are one clear line each with the right exit code, and change nothing", async () => {
  const home = await tempHome();
  const fail500 = stubFetch([classicHealth, {
    method: "POST",
    path: "/api/v1/tasks/",
    respond: () => json(500, { detail: "Failed to create schedule: boom" }),
  }, { method: "GET", path: "/api/v1/tasks/", respond: () => json(200, []) }]);
  const r500 = await runNoAuth(["task", "create", "-q", "x", "-c", "y"], {
    home,
    fetch: fail500.fetch,
  });
  assert.equal(r500.code, 1);
  // A 5xx says nothing of what the server did: one read-back says the task was not made.
  assert.match(
    r500.stderr,
    /^Error: The service failed to create task "Monitor: x" \(HTTP 500: Failed to create schedule: boom\); the task was not created\n/,
  );
  fail500.assertDone();

  const refused = await runNoAuth(["task", "list"], {
    home,
    env: { TORALE_API_URL: refusedUrl() },
  });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^Error: Connection refused\n/);
});

Deno.test("a 429 from the local API's rate limiter reads Retry-After", async () => {
  await using t = await startTestApi({ rateLimit: 2 });
  await runWithKey(t, ["task", "list"]);
  await runWithKey(t, ["task", "list"]);
  const limited = await runWithKey(t, ["task", "list"]);
  assert.equal(limited.code, 1);
  assert.match(limited.stderr, /^Error: Rate limit exceeded\. Retry after \d+ seconds\n/);
});

Deno.test("a request that gets no answer stops at --timeout with a clear error", async () => {
  const hanging = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    await new Promise((resolve) => request.signal.addEventListener("abort", resolve));
    return new Response("late");
  });
  try {
    const started = Date.now();
    const result = await runNoAuth(["task", "list", "--timeout", "0.3"], {
      env: { TORALE_API_URL: `http://127.0.0.1:${hanging.addr.port}` },
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^Error: Request timed out after 0\.3 s\n/);
    assert.match(result.stderr, /--timeout/);
    assert(Date.now() - started < 5000);
  } finally {
    await hanging.shutdown();
  }
});
