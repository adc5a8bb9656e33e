/** The pure parts of `torale mcp`: --http's address, answers and failures, the stdio framing. */
import assert from "node:assert/strict";
import { newToken, parseListen } from "../../src/mcp/listen.ts";
import { CliError, UsageError } from "../../src/errors.ts";
import type { McpContext } from "../../src/mcp/context.ts";
import { answer, failure, withoutSecrets } from "../../src/mcp/results.ts";
import { loadSdk } from "../../src/mcp/sdk.ts";
import { StdioTransport } from "../../src/mcp/stdio.ts";
import { runNoAuth } from "../helpers/cli.ts";

const KEY = `sk_${"a1B2c3".repeat(7)}x`;

function context(logs: string[] = []): McpContext {
  return {
    sdk: undefined as never,
    api: () => {
      throw new Error("no API in these tests");
    },
    generation: () => Promise.resolve("current"),
    readOnly: false,
    clock: { now: () => 0, sleep: () => Promise.resolve() },
    secrets: [KEY],
    log: (text) => logs.push(text),
  };
}

Deno.test("--http takes a port or a loopback host:port and refuses any other host", () => {
  assert.deepEqual(parseListen("8787"), { hostname: "127.0.0.1", port: 8787 });
  assert.deepEqual(parseListen("localhost:0"), { hostname: "localhost", port: 0 });
  assert.deepEqual(parseListen("[::1]:9000"), { hostname: "::1", port: 9000 });
  assert.throws(() => parseListen("0.0.0.0:8787"), UsageError);
  assert.throws(() => parseListen("example.com:80"), /listens on this machine only/);
  assert.throws(() => parseListen("70000"), /expected \[host:\]port/);
  assert.throws(() => parseListen("web"), /expected \[host:\]port/);
});

Deno.test("mcp serve --http on another host exits 2 before anything starts", async () => {
  const result = await runNoAuth(["mcp", "serve", "--http", "0.0.0.0:8787"]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^Error: --http listens on this machine only/);
  assert.equal(result.stdout, "");
});

Deno.test("an --http token is 43 random base64url characters", () => {
  const [one, two] = [newToken(), newToken()];
  assert.match(one, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(one, two);
});

Deno.test("an answer keeps its data exact but never the key, and its text safe", () => {
  const result = answer(
    context(),
    { name: `a\x1b[2Jb ${KEY}`, n: 1 },
    `Task "a\x1b]52;c;x\x07" ${KEY}`,
  );
  assert.deepEqual(result.structuredContent, { name: `a\x1b[2Jb sk_...${KEY.slice(-5)}`, n: 1 });
  const text = (result.content[0] as { text: string }).text;
  assert.ok(!text.includes("\x1b") && !text.includes(KEY), text);
  assert.match(text, /\\e\]52/);
});

Deno.test("a failure is an isError answer with the CLI's error line and hints, the key masked", () => {
  const result = failure(context(), new CliError(`Rejected ${KEY}`, { hints: ["Do this."] }));
  assert.equal(result.isError, true);
  assert.equal(
    (result.content[0] as { text: string }).text,
    `Error: Rejected sk_...${KEY.slice(-5)}\nDo this.`,
  );
  const logs: string[] = [];
  const bug = failure(context(logs), new TypeError("oops"));
  assert.equal((bug.content[0] as { text: string }).text, "Error: oops");
  assert.match(logs[0], /TypeError: oops/, "an unexpected error is logged on stderr");
  assert.deepEqual(withoutSecrets([KEY, { k: KEY }], []), [KEY, { k: KEY }]);
});

Deno.test("the stdio transport reads lines across chunks and writes only JSON-RPC lines", async () => {
  const sdk = await loadSdk();
  const written: string[] = [];
  const chunks = [
    '{"jsonrpc":"2.0","id":1,"me',
    'thod":"ping"}\r\n\n{"jsonrpc":"2.0","method":"notifications/initialized"}\n',
    "not json\n",
  ];
  const stdin = {
    isTerminal: false,
    readable: () => ReadableStream.from(chunks.map((chunk) => new TextEncoder().encode(chunk))),
  };
  const stdout = { isTerminal: false, write: (text: string) => void written.push(text) };
  const transport = new StdioTransport(sdk, { stdin, stdout });
  const received: unknown[] = [];
  const errors: Error[] = [];
  let closed = false;
  transport.onmessage = (message) => received.push(message);
  transport.onerror = (error) => errors.push(error);
  transport.onclose = () => closed = true;
  await transport.start();
  await transport.closed;
  assert.deepEqual(received, [
    { jsonrpc: "2.0", id: 1, method: "ping" },
    { jsonrpc: "2.0", method: "notifications/initialized" },
  ]);
  assert.equal(errors.length, 1, "the line that is not JSON-RPC is an error, not a message");
  assert.ok(closed, "stdin's end closes the transport");
  const parseError =
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: invalid JSON"}}\n';
  assert.deepEqual(written, [parseError], "the line that is not JSON gets JSON-RPC's parse error");
  await transport.send({ jsonrpc: "2.0", id: 1, result: {} });
  assert.deepEqual(written, [parseError], "nothing is written once closed");
});

/** What a stdio transport reads from `chunks` (then stdin ends), and what it answers itself. */
async function readThrough(chunks: string[]) {
  const sdk = await loadSdk();
  const written: string[] = [];
  const stdin = {
    isTerminal: false,
    readable: () => ReadableStream.from(chunks.map((chunk) => new TextEncoder().encode(chunk))),
  };
  const stdout = { isTerminal: false, write: (text: string) => void written.push(text) };
  const transport = new StdioTransport(sdk, { stdin, stdout });
  const received: unknown[] = [];
  transport.onmessage = (message) => received.push(message);
  await transport.start();
  await transport.closed;
  return { received, written: written.map((line) => JSON.parse(line)) };
}

Deno.test("the stdio transport reads the last message even without its newline", async () => {
  const { received } = await readThrough([
    '{"jsonrpc":"2.0","method":"notifications/initialized"}\n{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}',
  ]);
  assert.equal(received.length, 2);
});

Deno.test("the stdio transport refuses a message over 10 MB and reads the next one", async () => {
  const piece = "a".repeat(64 * 1024);
  const chunks = ['{"jsonrpc":"2.0","method":"notifications/initialized","params":{"pad":"'];
  for (let i = 0; i < 11 * 16; i++) chunks.push(piece);
  chunks.push('"}}\n{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
  const { received, written } = await readThrough(chunks);
  assert.deepEqual(received, [{ jsonrpc: "2.0", method: "notifications/initialized" }]);
  assert.deepEqual(written, [{
    jsonrpc: "2.0",
    id: null,
    error: { code: -32600, message: "Invalid Request: a message over 10 MB" },
  }]);
});

Deno.test("the stdio transport answers a request that is not JSON-RPC with an error for its id", async () => {
  const { received, written } = await readThrough(['{"jsonrpc":"1.0","id":9,"method":"ping"}\n']);
  assert.deepEqual(received, []);
  assert.deepEqual(written, [{
    jsonrpc: "2.0",
    id: 9,
    error: { code: -32600, message: "Invalid Request: not a JSON-RPC 2.0 message" },
  }]);
});

Deno.test("a request read just before stdin ends is answered before the transport closes", async () => {
  const sdk = await loadSdk();
  let written = "";
  const stdin = {
    isTerminal: false,
    readable: () =>
      ReadableStream.from([
        new TextEncoder().encode(
          '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"slow","arguments":{}}}\n',
        ),
      ]),
  };
  const stdout = { isTerminal: false, write: (text: string) => void (written += text) };
  const transport = new StdioTransport(sdk, { stdin, stdout });
  const server = new sdk.McpServer({ name: "t", version: "1" });
  server.registerTool("slow", {}, async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { content: [{ type: "text", text: "done" }] };
  });
  await server.connect(transport);
  await transport.closed;
  assert.deepEqual(JSON.parse(written), {
    jsonrpc: "2.0",
    id: 7,
    result: { content: [{ type: "text", text: "done" }] },
  });
});
