/**
 * The HTTP/1.1 server of `webhook listen`, on a plain TCP listener so that it holds what
 * Deno.serve cannot: a deadline for each request's head and body, a cap on open connections,
 * and a shutdown that drops requests still arriving instead of waiting for them. One request
 * per connection (answered with `Connection: close`): deliveries are single POSTs. An event
 * stream (`torale mcp serve --http`, src/mcp/http.ts) is written as it comes, chunked.
 */
import type { Deps } from "../deps.ts";
import { Connection, encoder, join, plain, Refusal } from "./http_connection.ts";

/** How long a shutdown waits for answers already under way before closing their connections. */
const SHUTDOWN_GRACE_MS = 1_000;

/** The body as a stream: `length` bytes, or chunked; the deadline ends when it is all read. */
function bodyStream(
  connection: Connection,
  framing: { length: number } | "chunked",
): ReadableStream<Uint8Array> {
  let left = framing === "chunked" ? 0 : framing.length;
  let finished = false;
  const malformed = (what: string) => {
    connection.malformed = true;
    return new Error(what);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (left === 0 && framing === "chunked" && !finished) {
        const size = parseInt((await connection.line()).split(";")[0].trim(), 16);
        if (!Number.isSafeInteger(size) || size < 0) throw malformed("bad chunk size");
        if (size === 0) {
          while ((await connection.line()) !== ""); // trailers, then the blank line
          finished = true;
        } else left = size;
      }
      if (left === 0) {
        connection.stopDeadline();
        return controller.close();
      }
      const part = await connection.read(left);
      if (!part) throw new Error("connection closed mid-body");
      left -= part.length;
      if (left === 0 && framing === "chunked" && (await connection.line()) !== "") {
        throw malformed("bad chunk framing");
      }
      controller.enqueue(part);
    },
  }, { highWaterMark: 0 });
}

/** The Request a head describes (its body read from the connection as the handler asks). */
function parseRequest(connection: Connection, head: string, host: string): Request {
  const [start, ...lines] = head.split("\r\n");
  const match = /^([A-Z]{1,16}) (\S+) HTTP\/1\.[01]$/.exec(start);
  if (!match) throw new Refusal(400, "Bad Request");
  const headers = new Headers();
  for (const line of lines) {
    const at = line.indexOf(":");
    if (at < 1) throw new Refusal(400, "Bad Request");
    try {
      headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
    } catch {
      throw new Refusal(400, "Bad Request");
    }
  }
  const [, method, target] = match;
  const chunked = /\bchunked\b/i.test(headers.get("transfer-encoding") ?? "");
  const lengthText = headers.get("content-length");
  if (!chunked && lengthText !== null && !/^\d{1,15}$/.test(lengthText)) {
    throw new Refusal(400, "Bad Request");
  }
  const length = Number(lengthText ?? 0);
  let url: URL;
  try {
    url = new URL(target, `http://${host}`);
  } catch {
    throw new Refusal(400, "Bad Request");
  }
  const hasBody = method !== "GET" && method !== "HEAD" && (chunked || length > 0);
  if (!hasBody) connection.stopDeadline();
  try {
    return new Request(url, {
      method,
      headers,
      body: hasBody ? bodyStream(connection, chunked ? "chunked" : { length }) : undefined,
    });
  } catch {
    // A method fetch forbids (CONNECT, TRACE): not a delivery.
    throw new Refusal(400, "Bad Request");
  }
}

const REASONS: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  500: "Internal Server Error",
  508: "Loop Detected",
};

/** How long, and how much, a connection is drained after its answer (see Connection.linger). */
const LINGER_MS = 500;
const LINGER_BYTES = 4 * 1024 * 1024;

/** The status line and headers of `response`, without the framing ones. */
function headOf(response: Response): string {
  const reason = response.statusText || REASONS[response.status] || "Status";
  let head = `HTTP/1.1 ${response.status} ${reason}\r\n`;
  response.headers.forEach((value, name) => {
    if (!/^(content-length|connection|transfer-encoding)$/i.test(name)) {
      head += `${name}: ${value}\r\n`;
    }
  });
  return head;
}

/** Writes `response` with `Connection: close`. */
async function respond(
  connection: Connection,
  response: Response,
  method: string,
): Promise<void> {
  if (response.body && /^text\/event-stream\b/i.test(response.headers.get("content-type") ?? "")) {
    return await stream(connection, response, method);
  }
  const body = new Uint8Array(await response.arrayBuffer());
  const head = `${headOf(response)}content-length: ${body.length}\r\nconnection: close\r\n\r\n`;
  await connection.write(join(encoder.encode(head), body));
}

/**
 * Writes an event stream (MCP's Streamable HTTP) chunk by chunk as the handler produces it,
 * chunked so the client can tell its end from a drop; a dropped connection cancels the stream.
 */
async function stream(connection: Connection, response: Response, method: string): Promise<void> {
  const reader = response.body!.getReader();
  const cancel = () => reader.cancel().catch(() => {});
  connection.closedSignal.addEventListener("abort", cancel, { once: true });
  // A GET's stream lasts as long as the client stays: its leaving is watched for. A POST's ends
  // with its answer, and a client that half-closes after its request still gets that answer.
  if (method === "GET") connection.watchEnd();
  try {
    const head = `${headOf(response)}transfer-encoding: chunked\r\nconnection: close\r\n\r\n`;
    await connection.write(encoder.encode(head));
    for (;;) {
      const { done, value } = await reader.read();
      if (done || connection.closed) break;
      if (value.length === 0) continue;
      const size = encoder.encode(`${value.length.toString(16)}\r\n`);
      await connection.write(join(join(size, value), encoder.encode("\r\n")));
    }
    if (!connection.closed) await connection.write(encoder.encode("0\r\n\r\n"));
  } catch {
    cancel();
  } finally {
    connection.closedSignal.removeEventListener("abort", cancel);
  }
}

/** A real HTTP server on `hostname:port` (`webhook listen`); tests use it too. */
export const serve: Deps["serve"] = (options, handler) => {
  const { hostname, port, maxConnections = 64, readTimeoutMs = 10_000 } = options;
  // Throws at once (AddrInUse) when the port is taken.
  const listener = Deno.listen({ hostname, port, transport: "tcp" });
  const boundPort = (listener.addr as Deno.NetAddr).port;
  const host = `${hostname.includes(":") ? `[${hostname}]` : hostname}:${boundPort}`;
  const open = new Set<Connection>();
  const answering = new Set<Promise<void>>();
  let stopping = false;

  async function serveOne(connection: Connection): Promise<void> {
    try {
      const head = await connection.head();
      const request = parseRequest(connection, head, host);
      if (/100-continue/i.test(request.headers.get("expect") ?? "")) {
        await connection.write(encoder.encode("HTTP/1.1 100 Continue\r\n\r\n"));
      }
      let response: Response;
      try {
        response = await handler(request);
      } catch {
        if (connection.closed) return;
        response = connection.malformed
          ? new Response("Bad Request\n", { status: 400 })
          : new Response("Internal Server Error\n", { status: 500 });
      }
      connection.stopDeadline();
      await respond(connection, response, request.method);
    } catch (error) {
      if (error instanceof Refusal && error.status && !connection.closed) {
        await connection.write(plain(error.status, error.message)).catch(() => {});
      }
    } finally {
      // A body refused half-way is still arriving: drain a little before closing.
      if (!stopping) await connection.linger(LINGER_MS, LINGER_BYTES);
      connection.close();
      open.delete(connection);
    }
  }

  const accepting = (async () => {
    while (!stopping) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch (error) {
        if (stopping || error instanceof Deno.errors.BadResource) return;
        // Out of file descriptors (or the like): wait for some to close rather than end.
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      if (open.size >= maxConnections) {
        // Past the cap: told so at once and closed, so the descriptors stay few.
        const refused = conn.write(plain(503, "Service Unavailable", "retry-after: 1\r\n"))
          .then(() => {}, () => {}).finally(() => conn.close());
        answering.add(refused);
        refused.finally(() => answering.delete(refused));
        continue;
      }
      const connection = new Connection(conn, readTimeoutMs);
      open.add(connection);
      const done = serveOne(connection);
      answering.add(done);
      done.finally(() => answering.delete(done));
    }
  })();

  return Promise.resolve({
    port: boundPort,
    async shutdown() {
      stopping = true;
      listener.close();
      await accepting;
      // Requests still arriving are dropped at once; answers under way get a moment.
      for (const connection of open) if (!connection.done) connection.close();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.allSettled([...answering]),
        new Promise((resolve) => timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)),
      ]);
      clearTimeout(timer);
      // A handler still running past the grace is left to end alone: its answer has nowhere to go.
      for (const connection of open) connection.close();
    },
  });
};
