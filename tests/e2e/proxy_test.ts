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

/**
 * A plain-http dev server as uvicorn's h11 parser is: it routes the request target as the path,
 * so an absolute-form target (`GET http://127.0.0.1:P/…`) is a path it does not know (404).
 */
function startOriginFormOnly() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const targets: string[] = [];
  (async () => {
    for await (const conn of listener) {
      const buffer = new Uint8Array(16 * 1024);
      const read = await conn.read(buffer).catch(() => null);
      const target = new TextDecoder().decode(buffer.subarray(0, read ?? 0)).split(" ")[1] ?? "";
      targets.push(target);
      const origin = target.startsWith("/");
      const body = origin
        ? (target.startsWith("/health") ? '{"status":"healthy"}' : "[]")
        : '{"detail":"Not Found"}';
      const status = origin ? "200 OK" : "404 Not Found";
      await conn.write(new TextEncoder().encode(
        `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      )).catch(() => {});
      conn.close();
    }
  })();
  return {
    targets,
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    [Symbol.dispose]: () => listener.close(),
  };
}

Deno.test("requests to a local API use the origin form, with and without proxy variables", async (t) => {
  using server = startOriginFormOnly();
  const proxy = "http://127.0.0.1:9";
  for (
    const [name, extra] of [
      ["no proxy variables", {}],
      ["HTTP_PROXY and ALL_PROXY set", { HTTP_PROXY: proxy, http_proxy: proxy, ALL_PROXY: proxy }],
      ["NO_PROXY naming another host", { HTTP_PROXY: proxy, NO_PROXY: "example.com" }],
    ] as const
  ) {
    await t.step(name, async () => {
      const result = await runSubprocess(["task", "list", "--json"], {
        home: await tempHome(),
        env: { TORALE_API_KEY: "sk_" + "o".repeat(43), TORALE_API_URL: server.url, ...extra },
      });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "[]\n");
      assert(server.targets.every((target) => target.startsWith("/")), server.targets.join(" "));
    });
  }
});
