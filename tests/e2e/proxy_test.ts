/**
 * HTTP_PROXY as users set it: honoured for a remote API, never used for a
 * plain-http local one (where it would carry the key in clear text).
 */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runSubprocess, tempHome } from "../helpers/cli.ts";

interface Seen {
  method: string;
  url: string;
  authorization: string | null;
}

/** A plain-http proxy on 127.0.0.1 that records each request and answers `[]`. */
function startRecordingProxy() {
  const seen: Seen[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    seen.push({
      method: request.method,
      url: request.url,
      authorization: request.headers.get("authorization"),
    });
    return Response.json([]);
  });
  return {
    seen,
    url: `http://127.0.0.1:${server.addr.port}`,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

Deno.test("a local API is reached directly when HTTP_PROXY is set: the key never goes to the proxy", async () => {
  await using api = await startTestApi();
  await using proxy = startRecordingProxy();
  const home = await tempHome();
  const created = await runSubprocess(
    ["task", "create", "--query", "q", "--condition", "c", "--name", "mine"],
    { home, env: { TORALE_API_KEY: api.key, TORALE_API_URL: api.url }, secrets: [api.key] },
  );
  assert.equal(created.code, 0, created.stderr);
  const result = await runSubprocess(["task", "list"], {
    home,
    env: {
      TORALE_API_KEY: api.key,
      TORALE_API_URL: api.url,
      HTTP_PROXY: proxy.url,
      http_proxy: proxy.url,
      ALL_PROXY: proxy.url,
    },
    secrets: [api.key],
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /mine/, "the answer came from the local API, not the proxy");
  assert.deepEqual(proxy.seen, []);
});

Deno.test("HTTP_PROXY carries requests to a remote API", async () => {
  await using proxy = startRecordingProxy();
  const result = await runSubprocess(["task", "list", "--json"], {
    home: await tempHome(),
    env: {
      TORALE_NOAUTH: "1",
      TORALE_API_URL: "http://api.example.test",
      HTTP_PROXY: proxy.url,
    },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), []);
  assert.deepEqual(proxy.seen, [{
    method: "GET",
    url: "http://api.example.test/api/v1/tasks/",
    authorization: null,
  }]);
});

Deno.test("doctor, with the CLI's own permissions, shows the proxy masked and reaches a local API directly", async () => {
  await using api = await startTestApi();
  await using proxy = startRecordingProxy();
  const proxyUrl = proxy.url.replace("//", "//bob:hunter2@");
  const result = await runSubprocess(["doctor"], {
    home: await tempHome(),
    env: {
      TORALE_API_KEY: api.key,
      TORALE_API_URL: api.url,
      HTTP_PROXY: proxyUrl,
      https_proxy: proxyUrl,
      NO_PROXY: "example.test",
    },
    secrets: [api.key, "hunter2"],
  });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const masked = proxy.url.replace("//", "//bob:***@");
  assert(
    result.stdout.includes(
      `✓ Proxy         https_proxy=${masked}, HTTP_PROXY=${masked}, NO_PROXY=example.test; ` +
        `${api.url} is reached directly, never through a proxy\n`,
    ),
    result.stdout,
  );
  assert.deepEqual(proxy.seen, []);
});
