/**
 * `torale mcp serve --http`: MCP's Streamable HTTP transport (the SDK's web-standard one) on a
 * loopback address, served by the HTTP server of `webhook listen` (src/system/serve.ts) for its
 * read deadline and connection cap. Host and Origin are checked before the bearer token
 * (./http_guard.ts); each session (Mcp-Session-Id) gets its own McpServer.
 */
import { UsageError } from "../errors.ts";
import { importPackage } from "../packages.ts";
import type { McpServer } from "./sdk.ts";
import type { Deps } from "../deps.ts";
import { allowedHosts, jsonError, loopbackName, refusal, urlHost } from "./http_guard.ts";

/** Where the server listens and what it holds clients to. */
export interface McpHttpOptions {
  /** A loopback name: 127.0.0.1, localhost or ::1; anything else is refused. */
  hostname: string;
  /** 0 lets the system choose. */
  port: number;
  /** The bearer token every request must carry. */
  token: string;
  /** Aborting it shuts the server down. */
  signal?: AbortSignal;
  /** Connections open at once (default 64, as `webhook listen`). */
  maxConnections?: number;
  /** How long a request's head and body may take to arrive (default 10 s). */
  readTimeoutMs?: number;
  /** Sessions open at once (default 64); an initialize past it is refused (503). */
  maxSessions?: number;
  /** A session with no request and no open stream for this long is closed (default 30 min). */
  sessionIdleMs?: number;
  /** The HTTP server to listen with: `deps.serve` (the one `webhook listen` uses). */
  serve: Deps["serve"];
}

/** A running server: its endpoint, its port and how to stop it. */
export interface McpHttpServer {
  /** The MCP endpoint, `http://127.0.0.1:<port>/mcp`. */
  url: string;
  port: number;
  /** Closes every session, then the listener; idempotent. */
  shutdown(): Promise<void>;
}

/** The path of the MCP endpoint. */
const ENDPOINT = "/mcp";

const MAX_SESSIONS = 64;
const SESSION_IDLE_MS = 30 * 60_000;

/** A session's transport, when it was last used and how many of its streams are open. */
interface Held<T> {
  transport: T;
  lastUsed: number;
  streams: number;
}

/**
 * `response` with its body watched: the session counts as in use until the body ends or the
 * client goes (an event stream can stay open for hours without a request).
 */
function watched<T>(response: Response, held: Held<T>): Response {
  if (!response.body) return response;
  const reader = response.body.getReader();
  held.streams++;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    held.streams--;
    held.lastUsed = Date.now();
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          end();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        end();
        controller.error(error);
      }
    },
    cancel(reason) {
      end();
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
  const { status, statusText, headers } = response;
  return new Response(body, { status, statusText, headers });
}

/**
 * Serves MCP over Streamable HTTP on `hostname:port`, one `makeServer()` per session.
 * Throws UsageError for a hostname that is not loopback.
 */
export async function serveMcpHttp(
  makeServer: () => McpServer,
  options: McpHttpOptions,
): Promise<McpHttpServer> {
  const hostname = loopbackName(options.hostname);
  if (hostname === undefined) {
    throw new UsageError(`"${options.hostname}" is not a loopback address`, {
      hints: ["The MCP server listens on this machine only: use 127.0.0.1, localhost or ::1"],
    });
  }
  if (options.token.length === 0) throw new UsageError("the MCP server needs a token");
  // Loaded by name, as ./sdk.ts loads the rest of the SDK: only when --http is used.
  const { WebStandardStreamableHTTPServerTransport } = await importPackage(
    "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js",
  );
  type Transport = InstanceType<typeof WebStandardStreamableHTTPServerTransport>;
  const sessions = new Map<string, Held<Transport>>();
  const maxSessions = options.maxSessions ?? MAX_SESSIONS;
  const idleMs = options.sessionIdleMs ?? SESSION_IDLE_MS;
  /** Initialize requests under way: they count against the cap before their session exists. */
  let opening = 0;
  let stopping = false;
  let guard = { hosts: new Set<string>(), token: options.token };

  async function open(request: Request): Promise<Response> {
    if (sessions.size + opening >= maxSessions) {
      return jsonError(
        503,
        `Too many sessions open (${maxSessions}): end one (DELETE with its Mcp-Session-Id) ` +
          "or wait for an idle one to expire",
        { "retry-after": "60" },
      );
    }
    opening++;
    try {
      const held: Held<Transport> = { transport: undefined!, lastUsed: Date.now(), streams: 0 };
      const transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => crypto.randomUUID(),
        onsessioninitialized: (id: string) => void sessions.set(id, held),
      });
      held.transport = transport;
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await makeServer().connect(transport);
      const response = await transport.handleRequest(request);
      // Anything but an initialize request without a session: answered (400), then dropped.
      if (!transport.sessionId) await transport.close();
      return watched(response, held);
    } finally {
      opening--;
    }
  }

  // Sessions a client left without DELETE (it crashed, or never ends them) do not pile up.
  const sweeper = setInterval(() => {
    const before = Date.now() - idleMs;
    for (const held of sessions.values()) {
      if (held.streams === 0 && held.lastUsed < before) held.transport.close().catch(() => {});
    }
  }, Math.min(60_000, Math.max(10, idleMs / 2)));

  async function handle(request: Request): Promise<Response> {
    const refused = refusal(request, guard);
    if (refused) return refused;
    if (new URL(request.url).pathname !== ENDPOINT) return jsonError(404, "Not Found");
    if (stopping) return jsonError(503, "The server is shutting down");
    const sessionId = request.headers.get("mcp-session-id");
    if (sessionId === null) {
      if (request.method !== "POST") {
        return jsonError(400, "Bad Request: Mcp-Session-Id header is required");
      }
      return await open(request);
    }
    const held = sessions.get(sessionId);
    if (!held) return jsonError(404, "Session not found");
    held.lastUsed = Date.now();
    held.streams++;
    try {
      return watched(await held.transport.handleRequest(request), held);
    } finally {
      held.streams--;
    }
  }

  let server: Awaited<ReturnType<typeof options.serve>>;
  try {
    server = await options.serve({
      hostname,
      port: options.port,
      maxConnections: options.maxConnections,
      readTimeoutMs: options.readTimeoutMs,
    }, handle);
  } catch (error) {
    clearInterval(sweeper);
    throw error;
  }
  guard = { hosts: allowedHosts(server.port), token: options.token };

  let stopped: Promise<void> | undefined;
  const shutdown = () =>
    stopped ??= (async () => {
      stopping = true;
      clearInterval(sweeper);
      // Closing a session ends its open event streams, so the listener stops without waiting.
      await Promise.allSettled([...sessions.values()].map((held) => held.transport.close()));
      sessions.clear();
      await server.shutdown();
    })();
  if (options.signal?.aborted) await shutdown();
  else options.signal?.addEventListener("abort", () => void shutdown(), { once: true });

  return {
    url: `http://${urlHost(hostname)}:${server.port}${ENDPOINT}`,
    port: server.port,
    shutdown,
  };
}
