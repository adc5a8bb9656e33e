/** How HTTP error answers and fetch failures read: pure mapping, no client. */
import assert from "node:assert/strict";
import { errorFromAnswer } from "../../src/api/errors.ts";
import { errorFromFailure } from "../../src/api/failures.ts";
import { ApiError, AuthError, NetworkError } from "../../src/errors.ts";

function answer(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  keySent = true,
) {
  const response = typeof body === "string"
    ? { json: undefined, contentType: headers["content-type"] ?? "text/html" }
    : { json: body, contentType: "application/json" };
  return errorFromAnswer(
    { status, statusText: "", headers: new Headers(headers), ...response },
    { method: "GET", url: "https://api.example.test/api/v1/tasks/", keySent },
    Date.parse("2026-01-01T00:00:00Z"),
  );
}

Deno.test("401 with a key sent is 'Invalid API key', exit 4", () => {
  const error = answer(401, { detail: "Invalid API key" });
  assert(error instanceof AuthError);
  assert.equal(error.message, "Invalid API key");
  assert.equal(error.exitCode, 4);
});

Deno.test("403 'Not authenticated' is treated like 401", () => {
  assert.equal(answer(403, { detail: "Not authenticated" }).message, "Invalid API key");
});

Deno.test("401 without a key says the endpoint needs authentication", () => {
  const error = answer(401, { detail: "Not authenticated" }, {}, false);
  assert(error instanceof AuthError);
  assert.equal(error.message, "This endpoint needs authentication");
});

Deno.test("403 with another reason shows the server's detail", () => {
  const error = answer(403, { detail: "Developer access required. Please contact support." });
  assert(error instanceof ApiError);
  assert.equal(error.message, "Developer access required. Please contact support.");
});

Deno.test("404 shows the server's detail", () => {
  assert.equal(answer(404, { detail: "Task not found" }).message, "Task not found");
});

Deno.test("404 Not Found for an unknown route hints at the API URL", () => {
  const error = answer(404, { detail: "Not Found" });
  assert.equal(error.message, "Not found: /api/v1/tasks/");
  assert.match(error.hints.join(), /API URL/);
});

Deno.test("422 names the fields from the detail list", () => {
  const error = answer(422, {
    detail: [
      { type: "missing", loc: ["body", "search_query"], msg: "Field required", input: {} },
      { type: "enum", loc: ["query", "state"], msg: "Input should be 'active'", input: "x" },
    ],
  });
  assert.equal(
    error.message,
    "Invalid request: search_query (Field required), state (Input should be 'active')",
  );
});

Deno.test("429 reads Retry-After, retry_after and the newer {error} body", () => {
  assert.equal(
    answer(429, { detail: "Rate limit exceeded" }, { "retry-after": "60" }).message,
    "Rate limit exceeded. Retry after 60 seconds",
  );
  assert.equal(
    answer(429, { detail: "Rate limit exceeded", retry_after: 42 }).message,
    "Rate limit exceeded. Retry after 42 seconds",
  );
  assert.equal(
    answer(429, { error: "Rate limit exceeded: 10 per 1 minute" }).message,
    "Rate limit exceeded: 10 per 1 minute",
  );
  assert.equal(
    answer(429, { detail: "Maximum of 50 active tasks reached." }).message,
    "Maximum of 50 active tasks reached.",
  );
});

Deno.test("5xx shows the detail, and a non-JSON body is never dumped", () => {
  assert.equal(
    answer(500, { detail: "Failed to create schedule: boom" }).message,
    "Server error (HTTP 500): Failed to create schedule: boom",
  );
  const html = answer(502, "<html><body>Bad gateway from proxy</body></html>", {
    "content-type": "text/html; charset=utf-8",
  });
  assert.equal(html.message, "Server error (HTTP 502); the response was not JSON (text/html)");
  assert(!html.message.includes("<html>"));
});

Deno.test("400 shows the server's reason", () => {
  assert.equal(
    answer(400, { detail: "Invalid state transition: Cannot transition from paused to completed" })
      .message,
    "Invalid state transition: Cannot transition from paused to completed",
  );
});

Deno.test("fetch failures map to connection refused, DNS, TLS, reset, timeout, bad port", () => {
  const info = { method: "GET", url: "https://api.example.test/x", keySent: true };
  const refused = errorFromFailure(
    new TypeError("error sending request: tcp connect error: Connection refused (os error 111)"),
    info,
    30,
  );
  assert(refused instanceof NetworkError);
  assert.equal(refused.message, "Connection refused");
  assert.match(refused.hints.join("\n"), /API is down[\s\S]*network[\s\S]*wrong API URL/);
  assert.match(refused.hints.join("\n"), /https:\/\/api\.example\.test/);
  assert.equal(
    errorFromFailure(new TypeError("dns error: failed to lookup address information"), info, 30)
      .message,
    "Could not resolve host api.example.test",
  );
  assert.equal(
    errorFromFailure(new TypeError("invalid peer certificate: UnknownIssuer"), info, 30).message,
    "TLS connection to https://api.example.test failed",
  );
  assert.equal(
    errorFromFailure(new TypeError("connection reset by peer"), info, 30).message,
    "Connection to https://api.example.test was reset",
  );
  assert.equal(
    errorFromFailure(new DOMException("signal timed out", "TimeoutError"), info, 7).message,
    "Request timed out after 7 s",
  );
  const badPort = errorFromFailure(
    new TypeError("Fetch failed: Requests to port 6000 are blocked"),
    info,
    30,
  );
  assert.equal(badPort.message, "Port 6000 is blocked");
  assert.match(badPort.hints.join("\n"), /another port/);
  const other = errorFromFailure(new TypeError("something unusual"), info, 30);
  assert.equal(other.message, "Request to https://api.example.test failed");
  assert.deepEqual(other.hints, ["Reason: something unusual", "Run with --debug for details."]);
});
