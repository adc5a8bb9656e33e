/** `torale mcp serve --http`'s transport (src/mcp/http.ts), spoken to by the SDK's client and raw TCP. */
import assert from "node:assert/strict";
import { exchange, initializeRequest } from "../helpers/raw_http.ts";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { serveMcpHttp } from "../../src/mcp/http.ts";
import { UsageError } from "../../src/errors.ts";
import { serve } from "../../src/system/serve.ts";
import { smallServer } from "../helpers/mcp_small.ts";

const TOKEN = "tok_0123456789abcdef0123456789abcdef";
const encoder = new TextEncoder();

/** A client of `url` sending `token` (none: no Authorization header). */
async function connect(url: string, token: string | null = TOKEN) {
  const client = new Client({ name: "test", version: "0.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: token === null ? {} : { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return { client, transport };
}

const INITIALIZE = JSON.stringify(initializeRequest());

/** A raw initialize POST with these extra header lines. */
function post(port: number, headers: string[]): string {
  return [
    "POST /mcp HTTP/1.1",
    ...headers.map((line) => line.replace("{port}", String(port))),
    "content-type: application/json",
    "accept: application/json, text/event-stream",
    `content-length: ${INITIALIZE.length}`,
    "",
    INITIALIZE,
  ].join("\r\n");
}

async function started(options: Partial<Parameters<typeof serveMcpHttp>[1]> = {}) {
  let made = 0;
  const server = await serveMcpHttp(() => {
    made++;
    return smallServer();
  }, { hostname: "127.0.0.1", port: 0, token: TOKEN, serve, ...options });
  return { server, made: () => made };
}

Deno.test("mcp http: the SDK's client initialises, lists the tools and calls one, with progress streamed", async () => {
  const { server, made } = await started();
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const { client } = await connect(server.url);
    assert.equal(client.getServerVersion()?.name, "torale-test");
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name), ["echo"]);
    const progress: number[] = [];
    const result = await client.callTool({ name: "echo", arguments: { text: "hi" } }, undefined, {
      onprogress: (update) => progress.push(update.progress),
    });
    assert.deepEqual(result.content, [{ type: "text", text: "echo: hi" }]);
    assert.deepEqual(progress, [1]);
    const second = await connect(server.url);
    assert.equal(made(), 2, "one McpServer per session");
    await second.client.close();
    await client.close();
  } finally {
    await server.shutdown();
  }
});

Deno.test("mcp http: 401 without a token and with a wrong one, and the answer does not echo it", async () => {
  const { server } = await started();
  try {
    await assert.rejects(connect(server.url, null), /401|Unauthorized/);
    await assert.rejects(connect(server.url, "tok_wrong"), /401|Unauthorized/);
    const answer = await exchange(
      server.port,
      post(server.port, [
        "host: 127.0.0.1:{port}",
        "authorization: Bearer tok_wrong_but_long_0123456789abcdef",
      ]),
    );
    assert.match(answer, /^HTTP\/1\.1 401 /);
    assert.match(answer, /www-authenticate: Bearer/i);
    assert.doesNotMatch(answer, /tok_wrong|tok_0123/);
    // The same bytes with the right token are served.
    const ok = await exchange(
      server.port,
      post(server.port, ["host: localhost:{port}", `authorization: Bearer ${TOKEN}`]),
    );
    assert.match(ok, /^HTTP\/1\.1 200 /);
    assert.match(ok, /mcp-session-id: /i);
  } finally {
    await server.shutdown();
  }
});

Deno.test("mcp http: a foreign Host or Origin gets 403 before the token is looked at", async () => {
  const { server } = await started();
  try {
    const cases = [
      ["host: evil.example.com"],
      ["host: evil.example.com:{port}", `authorization: Bearer ${TOKEN}`],
      ["host: 127.0.0.1:1"],
      [],
      ["host: 127.0.0.1:{port}", "origin: http://evil.example.com"],
      [
        "host: 127.0.0.1:{port}",
        "origin: http://evil.example.com",
        `authorization: Bearer ${TOKEN}`,
      ],
      ["host: 127.0.0.1:{port}", "origin: https://127.0.0.1:{port}"],
      ["host: 127.0.0.1:{port}", "origin: null"],
    ];
    for (const headers of cases) {
      const answer = await exchange(server.port, post(server.port, headers));
      assert.match(answer, /^HTTP\/1\.1 403 /, headers.join(", "));
      assert.doesNotMatch(answer, /www-authenticate/i);
    }
    const local = await exchange(server.port, post(server.port, ["host: [::1]:{port}"]));
    assert.match(local, /^HTTP\/1\.1 401 /, "a loopback Host is let through to the token check");
    const sameOrigin = await exchange(
      server.port,
      post(server.port, ["host: 127.0.0.1:{port}", "origin: http://localhost:{port}"]),
    );
    assert.match(sameOrigin, /^HTTP\/1\.1 401 /, "a loopback Origin is let through");
  } finally {
    await server.shutdown();
  }
});

Deno.test("mcp http: a hostname that is not loopback is refused before anything listens", async () => {
  for (const hostname of ["0.0.0.0", "::", "192.168.1.10", "example.com", ""]) {
    await assert.rejects(
      serveMcpHttp(smallServer, { hostname, port: 0, token: TOKEN, serve }),
      (error) => error instanceof UsageError && /not a loopback address/.test(error.message),
      hostname,
    );
  }
});

Deno.test("mcp http: a client that sends its request too slowly gets 408 at the read deadline", async () => {
  const { server } = await started({ readTimeoutMs: 200 });
  try {
    const begun = Date.now();
    const answer = await exchange(server.port, "POST /mcp HTTP/1.1\r\nhost: 127.0.0.1:");
    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.ok(Date.now() - begun < 3_000);
  } finally {
    await server.shutdown();
  }
});

Deno.test("mcp http: connections past the cap are answered 503 and closed", async () => {
  const { server } = await started({ maxConnections: 2 });
  const idle = [
    await Deno.connect({ hostname: "127.0.0.1", port: server.port }),
    await Deno.connect({ hostname: "127.0.0.1", port: server.port }),
  ];
  try {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const answer = await exchange(server.port, post(server.port, ["host: 127.0.0.1:{port}"]));
    assert.match(answer, /^HTTP\/1\.1 503 /);
  } finally {
    for (const conn of idle) conn.close();
    await server.shutdown();
  }
});

Deno.test("mcp http: DELETE ends a session; its id is then unknown (404)", async () => {
  const { server } = await started();
  try {
    const { client, transport } = await connect(server.url);
    const id = transport.sessionId;
    assert.ok(id);
    await transport.terminateSession();
    const answer = await exchange(
      server.port,
      post(server.port, [
        "host: 127.0.0.1:{port}",
        `authorization: Bearer ${TOKEN}`,
        `mcp-session-id: ${id}`,
      ]),
    );
    assert.match(answer, /^HTTP\/1\.1 404 /);
    await client.close();
  } finally {
    await server.shutdown();
  }
});

Deno.test("mcp http: aborting the signal closes open sessions and their streams within a second", async () => {
  const abort = new AbortController();
  const { server } = await started({ signal: abort.signal });
  const { client } = await connect(server.url);
  // The client holds the standalone event stream (GET) open by now.
  await client.listTools();
  const begun = Date.now();
  abort.abort();
  await server.shutdown();
  const ms = Date.now() - begun;
  assert.ok(ms < 1_000, `shutdown took ${ms} ms`);
  await assert.rejects(client.listTools());
  await client.close();
});

/** The session id a raw initialize POST was given, or the whole answer when it got none. */
async function initialize(port: number): Promise<{ id?: string; answer: string }> {
  const answer = await exchange(
    port,
    post(port, ["host: 127.0.0.1:{port}", `authorization: Bearer ${TOKEN}`]),
  );
  return { id: /^mcp-session-id: (\S+)/im.exec(answer)?.[1], answer };
}

Deno.test("mcp http: an initialize past the session cap is refused (503) until one ends", async () => {
  const { server, made } = await started({ maxSessions: 2 });
  try {
    const first = await initialize(server.port);
    const second = await initialize(server.port);
    assert.ok(first.id && second.id);
    const third = await initialize(server.port);
    assert.equal(third.id, undefined);
    assert.match(third.answer, /^HTTP\/1\.1 503 /);
    assert.match(third.answer, /Too many sessions open \(2\)/);
    assert.equal(made(), 2, "no server is made for a refused session");
    const ended = await exchange(
      server.port,
      [
        "DELETE /mcp HTTP/1.1",
        `host: 127.0.0.1:${server.port}`,
        `authorization: Bearer ${TOKEN}`,
        `mcp-session-id: ${first.id}`,
        "mcp-protocol-version: 2025-06-18",
        "",
        "",
      ].join("\r\n"),
    );
    assert.match(ended, /^HTTP\/1\.1 200 /);
    assert.ok((await initialize(server.port)).id, "a session ended frees its place");
  } finally {
    await server.shutdown();
  }
});

Deno.test("mcp http: a session left idle expires; one holding its event stream does not", async () => {
  const { server } = await started({ sessionIdleMs: 300 });
  try {
    const { client } = await connect(server.url);
    await client.listTools(); // the client holds its standalone event stream (GET) open by now
    const left = await initialize(server.port);
    assert.ok(left.id);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const late = await exchange(
      server.port,
      post(server.port, [
        "host: 127.0.0.1:{port}",
        `authorization: Bearer ${TOKEN}`,
        `mcp-session-id: ${left.id}`,
      ]),
    );
    assert.match(late, /^HTTP\/1\.1 404 /);
    assert.ok((await client.listTools()).tools.length > 0, "the streaming session is kept");
    await client.close();
  } finally {
    await server.shutdown();
  }
});

Deno.test("mcp http: a client that leaves its event stream frees it and its connection at once", async () => {
  const { server } = await started({ maxConnections: 3 });
  try {
    const { id } = await initialize(server.port);
    const get = [
      "GET /mcp HTTP/1.1",
      `host: 127.0.0.1:${server.port}`,
      `authorization: Bearer ${TOKEN}`,
      `mcp-session-id: ${id}`,
      "mcp-protocol-version: 2025-06-18",
      "accept: text/event-stream",
      "",
      "",
    ].join("\r\n");
    // Clients that open the session's event stream, then go without a word, one after another.
    for (let i = 0; i < 4; i++) {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
      await conn.write(encoder.encode(get));
      const head = new TextDecoder().decode(
        (await conn.readable.getReader().read()).value,
      );
      assert.match(head, /^HTTP\/1\.1 200 /, `stream ${i}`);
      conn.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await server.shutdown();
  }
});

Deno.test("mcp http: a client that half-closes after its POST still gets the answer streamed", async () => {
  const server = await serveMcpHttp(() => {
    const mcp = smallServer();
    mcp.registerTool("slow", { description: "Answers after 300 ms" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { content: [{ type: "text", text: "done slowly" }] };
    });
    return mcp;
  }, { hostname: "127.0.0.1", port: 0, token: TOKEN, serve });
  try {
    const { id } = await initialize(server.port);
    const call = JSON.stringify({
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "slow", arguments: {} },
    });
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
    await conn.write(encoder.encode(
      [
        "POST /mcp HTTP/1.1",
        `host: 127.0.0.1:${server.port}`,
        `authorization: Bearer ${TOKEN}`,
        `mcp-session-id: ${id}`,
        "mcp-protocol-version: 2025-06-18",
        "content-type: application/json",
        "accept: application/json, text/event-stream",
        `content-length: ${call.length}`,
        "",
        call,
      ].join("\r\n"),
    ));
    await conn.closeWrite();
    let answer = "";
    for await (const chunk of conn.readable) answer += new TextDecoder().decode(chunk);
    assert.match(answer, /done slowly/);
  } finally {
    await server.shutdown();
  }
});
