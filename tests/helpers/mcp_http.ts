/**
 * `torale mcp serve --http 127.0.0.1:0` as a subprocess (main.ts with the CLI's least-privilege
 * flags, or the TORALE_BIN binary), and the MCP SDK's own Client over Streamable HTTP with the
 * bearer token the server printed. Every byte is kept: each request's and response's head and
 * body (through the fetch given to the transport), and the server's stdout and stderr.
 */
import assert from "node:assert/strict";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { cleanEnv } from "../../scripts/clean_env.ts";
import { ENTRY, tempHome, TORALE_BIN } from "./cli.ts";

/** What the server prints on stderr when it listens. */
const BANNER = /torale MCP server \((read-only|read-write)\) on (http:\/\/127\.0\.0\.1:(\d+)\/mcp)/;
const TOKEN = /^Token: (\S+)$/m;

/** Every byte exchanged with the server: HTTP both ways, and its own output. */
export interface HttpBytes {
  /** Heads and bodies of requests and responses, in the order they happened. */
  http: string[];
  stdout: string;
  stderr: string;
}

/** A running `torale mcp serve --http`. */
export interface McpHttp extends AsyncDisposable {
  /** The endpoint, `http://127.0.0.1:<port>/mcp`. */
  url: string;
  token: string;
  mode: string;
  bytes: HttpBytes;
  /** A connected SDK client sending the token, its HTTP recorded in `bytes.http`. */
  connect(): Promise<Client>;
  /** Ends the server with Ctrl-C (SIGINT), once: how it ended, its output read to the end. */
  stop(): Promise<Deno.CommandStatus>;
}

/** A fetch that passes everything on and records both ways, streamed bodies included. */
export function recordingFetch(log: string[]): typeof fetch {
  const head = (headers: Headers) => [...headers].map(([k, v]) => `${k}: ${v}`).join("\n");
  return async (input, init) => {
    const request = new Request(input, init);
    const body = request.body ? await request.clone().text() : "";
    log.push(`${request.method} ${request.url}\n${head(request.headers)}\n\n${body}`);
    const response = await fetch(request);
    log.push(`HTTP ${response.status}\n${head(response.headers)}\n`);
    if (!response.body) return response;
    const [kept, passed] = response.body.tee();
    (async () => {
      try {
        for await (const text of kept.pipeThrough(new TextDecoderStream())) log.push(text);
      } catch {
        // the client aborted this stream (a closed session): what came is recorded
      }
    })();
    return new Response(passed, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/** Starts `torale mcp serve --http 127.0.0.1:0 …args` in `env` and waits for its banner. */
export async function startMcpHttp(
  args: string[],
  env: Record<string, string>,
): Promise<McpHttp> {
  const serve = ["mcp", "serve", "--http", "127.0.0.1:0", ...args];
  const child = new Deno.Command(TORALE_BIN ?? Deno.execPath(), {
    args: TORALE_BIN ? serve : ["run", "-q", ...cliPermissionFlags(), ENTRY, ...serve],
    cwd: new URL("../..", import.meta.url).pathname,
    clearEnv: true,
    env: await cleanEnv({ NO_COLOR: "1", HOME: env.HOME ?? await tempHome(), ...env }),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const bytes: HttpBytes = { http: [], stdout: "", stderr: "" };
  let changed = Promise.withResolvers<void>();
  let open = 2;
  const reading = Promise.all((["stdout", "stderr"] as const).map(async (name) => {
    for await (const text of child[name].pipeThrough(new TextDecoderStream())) {
      bytes[name] += text;
      changed.resolve();
    }
    open--;
    changed.resolve();
  }));
  while (!(BANNER.test(bytes.stderr) && TOKEN.test(bytes.stderr))) {
    if (open === 0) {
      await child.status;
      throw new Error(`the server ended before printing its endpoint:\n${bytes.stderr}`);
    }
    await changed.promise;
    changed = Promise.withResolvers<void>();
  }
  const [, mode, url] = BANNER.exec(bytes.stderr)!;
  const token = TOKEN.exec(bytes.stderr)![1];
  const clients: Client[] = [];
  let ended: Promise<Deno.CommandStatus> | undefined;
  const stop = () =>
    ended ??= (async () => {
      await Promise.allSettled(clients.map((client) => client.close()));
      child.kill("SIGINT");
      const status = await child.status;
      await reading;
      return status;
    })();
  return {
    url,
    token,
    mode,
    bytes,
    async connect() {
      const client = new Client({ name: "torale-tests", version: "1.0.0" });
      const transport = new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
        fetch: recordingFetch(bytes.http),
      });
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    stop,
    [Symbol.asyncDispose]: () => stop().then(() => {}),
  };
}

/** A tool call's answer, typed. */
export function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<CallToolResult> {
  return client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
}

/**
 * After the server ended: Ctrl-C was heard (exit 130), stdout stayed empty (its messages are on
 * stderr), and `key` is in no byte exchanged: no HTTP head or body, nothing the server printed.
 */
export function assertCleanHttp(bytes: HttpBytes, status: Deno.CommandStatus, key: string): void {
  assert.deepEqual([status.code, status.signal], [130, null], bytes.stderr);
  assert.equal(bytes.stdout, "", "nothing on stdout");
  assert.ok(bytes.http.length > 0, "HTTP was recorded");
  for (const [index, text] of bytes.http.entries()) {
    assert.ok(!text.includes(key), `the API key appeared in HTTP message ${index}`);
  }
  assert.ok(!bytes.stderr.includes(key), "the API key appeared on stderr");
}
