import assert from "node:assert/strict";
import { ApiClient } from "../../src/api/client.ts";
import { joinUrl } from "../../src/api/url.ts";
import { ApiError, NetworkError, UsageError } from "../../src/errors.ts";
import { json, stubFetch } from "../helpers/fetch_stub.ts";

const KEY = "sk_" + "k".repeat(43);

function client(
  fetchFn: typeof globalThis.fetch,
  options: { key?: string; base?: string; trace?: string[]; sleeps?: number[] } = {},
) {
  return new ApiClient({
    baseUrl: options.base ?? "https://api.example.test",
    apiKey: "key" in options ? options.key : KEY,
    timeoutS: 30,
    userAgent: "torale-cli/test",
    fetch: fetchFn,
    clock: {
      now: () => Date.parse("2026-01-01T00:00:00Z"),
      sleep: (ms) => {
        options.sleeps?.push(ms);
        return Promise.resolve();
      },
    },
    trace: options.trace ? (line) => options.trace!.push(line) : undefined,
  });
}

Deno.test("joinUrl keeps a base path prefix", () => {
  assert.equal(joinUrl("https://h/x", "/api/v1/tasks/").href, "https://h/x/api/v1/tasks/");
  assert.equal(joinUrl("https://h/x/", "/auth/me").href, "https://h/x/auth/me");
  assert.equal(joinUrl("http://localhost:8000", "/health").href, "http://localhost:8000/health");
});

Deno.test("requests carry bearer auth, a User-Agent and JSON headers", async () => {
  const stub = stubFetch([{
    method: "POST",
    path: "/api/v1/tasks/",
    respond: () => json(200, { ok: 1 }),
  }]);
  const result = await client(stub.fetch).post("/api/v1/tasks/", { body: { a: 1 } });
  assert.deepEqual(result, { ok: 1 });
  const request = stub.requests[0];
  assert.equal(request.headers.get("authorization"), `Bearer ${KEY}`);
  assert.equal(request.headers.get("user-agent"), "torale-cli/test");
  assert.equal(request.headers.get("content-type"), "application/json");
  assert.deepEqual(await request.json(), { a: 1 });
  stub.assertDone();
});

Deno.test("no Authorization header is sent without a key", async () => {
  const stub = stubFetch([{ method: "GET", path: "/health", respond: () => json(200, {}) }]);
  await client(stub.fetch, { key: undefined }).get("/health");
  assert.equal(stub.requests[0].headers.get("authorization"), null);
});

Deno.test("a key is never sent over plain http to a non-loopback host", async () => {
  const stub = stubFetch([]);
  await assert.rejects(
    () => client(stub.fetch, { base: "http://api.example.test" }).get("/auth/me"),
    (error: unknown) => error instanceof UsageError && /plain http/.test(error.message),
  );
  assert.equal(stub.requests.length, 0);
});

Deno.test("plain http to loopback is allowed", async () => {
  const stub = stubFetch([{ method: "GET", path: "/auth/me", respond: () => json(200, {}) }]);
  await client(stub.fetch, { base: "http://127.0.0.1:9" }).get("/auth/me");
  stub.assertDone();
});

Deno.test("GET is retried twice on 502/503/504 with backoff, then fails", async () => {
  const sleeps: number[] = [];
  const stub = stubFetch([
    { method: "GET", path: "/x", respond: () => json(503, { detail: "busy" }) },
    { method: "GET", path: "/x", respond: () => json(502, { detail: "busy" }) },
    { method: "GET", path: "/x", respond: () => json(504, { detail: "busy" }) },
  ]);
  await assert.rejects(() => client(stub.fetch, { sleeps }).get("/x"), /HTTP 504/);
  assert.deepEqual(sleeps, [250, 500]);
  stub.assertDone();
});

Deno.test("onHeaders sees the headers of every answer, retried and error ones included", async () => {
  const seen: (string | null)[] = [];
  const stub = stubFetch([
    { method: "GET", path: "/x", respond: () => json(503, {}, { date: "first" }) },
    { method: "GET", path: "/x", respond: () => json(200, { ok: 1 }, { date: "second" }) },
    { method: "GET", path: "/y", respond: () => json(404, { detail: "Not Found" }, { date: "3" }) },
  ]);
  const onHeaders = (headers: Headers) => void seen.push(headers.get("date"));
  const api = client(stub.fetch, { sleeps: [] });
  assert.deepEqual(await api.get("/x", { onHeaders }), { ok: 1 });
  await assert.rejects(() => api.get("/y", { onHeaders }), /Not found/);
  assert.deepEqual(seen, ["first", "second", "3"]);
  stub.assertDone();
});

Deno.test("GET succeeds after a retried connection reset", async () => {
  const stub = stubFetch([
    {
      method: "GET",
      path: "/x",
      respond: () => {
        throw new TypeError("connection reset by peer");
      },
    },
    { method: "GET", path: "/x", respond: () => json(200, [1]) },
  ]);
  assert.deepEqual(await client(stub.fetch, { sleeps: [] }).get("/x"), [1]);
  stub.assertDone();
});

Deno.test("a body cut off mid-way is a failure like any other: reset retried, timeout named", async () => {
  const broken = (error: Error) =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("[1,"));
          controller.error(error);
        },
      }),
      { status: 200, headers: { "content-type": "application/json" } },
    );
  const stub = stubFetch([
    { method: "GET", path: "/x", respond: () => broken(new TypeError("connection reset by peer")) },
    { method: "GET", path: "/x", respond: () => json(200, [1]) },
    {
      method: "POST",
      path: "/y",
      respond: () => broken(new DOMException("Signal timed out.", "TimeoutError")),
    },
  ]);
  assert.deepEqual(await client(stub.fetch, { sleeps: [] }).get("/x"), [1]);
  await assert.rejects(
    () => client(stub.fetch, { sleeps: [] }).post("/y", { body: {} }),
    (error: Error) =>
      error instanceof NetworkError && error.message === "Request timed out after 30 s",
  );
  stub.assertDone();
});

Deno.test("POST is never retried on 503", async () => {
  const stub = stubFetch([{
    method: "POST",
    path: "/x",
    respond: () => json(503, { detail: "busy" }),
  }]);
  await assert.rejects(() => client(stub.fetch, { sleeps: [] }).post("/x", { body: {} }), ApiError);
  stub.assertDone();
});

Deno.test("a 429 with Retry-After of 10 s or less is waited out once", async () => {
  const sleeps: number[] = [];
  const stub = stubFetch([
    {
      method: "POST",
      path: "/x",
      respond: () => json(429, { detail: "Rate limit exceeded" }, { "retry-after": "3" }),
    },
    {
      method: "POST",
      path: "/x",
      respond: () => json(429, { detail: "Rate limit exceeded" }, { "retry-after": "3" }),
    },
  ]);
  await assert.rejects(
    () => client(stub.fetch, { sleeps }).post("/x", { body: {} }),
    /Rate limit exceeded. Retry after 3 seconds/,
  );
  assert.deepEqual(sleeps, [3000]);
  stub.assertDone();
});

Deno.test("a 429 with a long Retry-After is not waited out", async () => {
  const sleeps: number[] = [];
  const stub = stubFetch([
    {
      method: "GET",
      path: "/x",
      respond: () => json(429, { detail: "Rate limit exceeded", retry_after: 60 }),
    },
  ]);
  await assert.rejects(() => client(stub.fetch, { sleeps }).get("/x"), /Retry after 60 seconds/);
  assert.deepEqual(sleeps, []);
});

Deno.test("the debug trace redacts the key and cuts long bodies at 2 KB", async () => {
  const trace: string[] = [];
  const long = "x".repeat(5000);
  const stub = stubFetch([
    {
      method: "POST",
      path: "/auth/api-keys",
      respond: () => json(200, { key: "sk_" + "n".repeat(43), pad: long }),
    },
  ]);
  await client(stub.fetch, { trace }).post("/auth/api-keys", { body: { name: "n" } });
  const text = trace.join("\n");
  assert.match(text, /^> POST https:\/\/api\.example\.test\/auth\/api-keys$/m);
  assert.match(text, /^> Authorization: Bearer \[redacted\]$/m);
  assert.match(text, /^< 200 .*\(\d+ ms\)$/m);
  assert(!text.includes(KEY));
  assert(!text.includes("sk_" + "n".repeat(43)), "a key in a response body is redacted too");
  assert.match(text, /more characters\)/);
  assert(text.length < 6000);
});

Deno.test("the debug trace shows the server's control characters as escapes, not obeyed", async () => {
  const trace: string[] = [];
  const stub = stubFetch([{
    method: "GET",
    path: "/api/v1/tasks/",
    respond: () =>
      new Response("<html>\x1b]0;T\x07<body>\u009b31m\u202eboom</body></html>", {
        status: 500,
        headers: { "content-type": "text/html", "x-evil": "a\x1b[2Jb" },
      }),
  }]);
  await assert.rejects(client(stub.fetch, { trace }).get("/api/v1/tasks/"));
  const text = trace.join("\n");
  assert.match(text, /< <html>\\e\]0;T\\x07<body>\\x9b31m\\u202eboom<\/body><\/html>/);
  assert.match(text, /< x-evil: a\\e\[2Jb/);
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(text, /[\x1b\x07\u009b\u202e]/);
});

Deno.test("a successful answer that is not JSON is an error, not a crash", async () => {
  const stub = stubFetch([{
    method: "GET",
    path: "/x",
    respond: () =>
      new Response("<html>", { status: 200, headers: { "content-type": "text/html" } }),
  }]);
  await assert.rejects(() => client(stub.fetch).get("/x"), {
    message: "Unexpected response (HTTP 200); the response was not JSON (text/html)",
  });
});

Deno.test("an answer of the wrong shape is an error naming what was expected", async () => {
  const answers: [unknown, "list" | "object", string][] = [
    [{ detail: "x" }, "list", "expected a list, got an object"],
    [null, "list", "expected a list, got null"],
    [[], "object", "expected an object, got a list"],
    ["hello", "object", "expected an object, got a string"],
  ];
  for (const [body, problem] of [[[{}, null], "item 2 is null"], [[7], "item 1 is a number"]]) {
    const stub = stubFetch([{ method: "GET", path: "/x", respond: () => json(200, body) }]);
    await assert.rejects(
      () => client(stub.fetch).get("/x", { expect: "list" }),
      { message: `Unexpected answer from GET /x: ${problem}, expected an object` },
    );
  }
  for (const [body, expect, problem] of answers) {
    const stub = stubFetch([{ method: "GET", path: "/x", respond: () => json(200, body) }]);
    await assert.rejects(
      () => client(stub.fetch).get("/x", { expect }),
      (error: Error) => {
        assert(error instanceof ApiError);
        assert.equal(error.message, `Unexpected answer from GET /x: ${problem}`);
        assert.match(error.hints.join("\n"), /Check the API URL \(https:\/\/api\.example\.test\)/);
        return true;
      },
    );
  }
  const right = stubFetch([
    { method: "GET", path: "/x", respond: () => json(200, [{ a: 1 }]) },
    { method: "GET", path: "/y", respond: () => json(200, { a: 1 }) },
  ]);
  assert.deepEqual(await client(right.fetch).get("/x", { expect: "list" }), [{ a: 1 }]);
  assert.deepEqual(await client(right.fetch).get("/y", { expect: "object" }), { a: 1 });
});

Deno.test("plain-http loopback requests get a direct connection, closed after the answer", async () => {
  const clients: (Deno.HttpClient | undefined)[] = [];
  const capture: typeof fetch = (_input, init) => {
    clients.push((init as { client?: Deno.HttpClient } | undefined)?.client);
    return Promise.resolve(json(200, []));
  };
  for (
    const base of ["http://localhost:8000", "http://127.0.0.1:9", "http://localhost:8000/prefix"]
  ) {
    await client(capture, { base }).get("/api/v1/tasks/");
  }
  for (const base of ["https://api.example.test", "https://localhost:8443"]) {
    await client(capture, { base }).get("/api/v1/tasks/");
  }
  assert.equal(clients.length, 5);
  for (const direct of clients.slice(0, 3)) {
    assert(direct instanceof Deno.HttpClient);
    assert.throws(() => direct.close(), Deno.errors.BadResource, "already closed");
  }
  assert.deepEqual(clients.slice(3), [undefined, undefined], "https keeps the default client");
});
