/**
 * The HTTP/1.1 server of `webhook listen`, on a plain TCP listener so that it holds what
 * Deno.serve cannot: a deadline for each request's head and body, a cap on open connections,
 * and a shutdown that drops requests still arriving instead of waiting for them. One request
 * per connection (answered with `Connection: close`): deliveries are single POSTs.
 */
import type { Deps, ServeOptions } from "../deps.ts";

/** A request head larger than this is refused (431). */
const MAX_HEAD = 16 * 1024;
/** How long a shutdown waits for answers already under way before closing their connections. */
const SHUTDOWN_GRACE_MS = 1_000;
/** How long writing an answer may take before the connection is dropped. */
const WRITE_TIMEOUT_MS = 5_000;

const encoder = new TextEncoder();

/** A `Connection: close` answer with a short text body, as bytes. */
function plain(status: number, reason: string, extra = ""): Uint8Array {
  const body = `${reason}\n`;
  return encoder.encode(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\n` +
      `connection: close\r\n${extra}\r\n${body}`,
  );
}

class Refusal extends Error {
  constructor(readonly status: number, reason: string) {
    super(reason);
  }
}

/** One accepted connection: its bytes read on demand, and one way to drop it. */
class Connection {
  #conn: Deno.Conn;
  #buffer: Uint8Array = new Uint8Array(0);
  #closed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the request (head and body) has been read. */
  done = false;

  constructor(conn: Deno.Conn, readTimeoutMs: number) {
    this.#conn = conn;
    this.#timer = setTimeout(() => this.#expire(), readTimeoutMs);
  }

  #expire(): void {
    this.#timer = undefined;
    // Best effort: a client that sends nothing for the deadline is told why, then dropped.
    this.#conn.write(plain(408, "Request Timeout")).catch(() => {}).finally(() => this.close());
  }

  /** The request is read: the read deadline no longer applies. */
  stopDeadline(): void {
    this.done = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** More bytes, or null at the end of the stream (the client closed, or we did). */
  async #more(): Promise<Uint8Array | null> {
    const chunk = new Uint8Array(64 * 1024);
    let n: number | null;
    try {
      n = await this.#conn.read(chunk);
    } catch {
      n = null;
    }
    return n === null ? null : chunk.subarray(0, n);
  }

  /** The request head (up to the blank line) as text; what follows stays buffered. */
  async head(): Promise<string> {
    for (;;) {
      const end = findBlankLine(this.#buffer);
      if (end >= 0) {
        const head = new TextDecoder("latin1").decode(this.#buffer.subarray(0, end));
        this.#buffer = this.#buffer.subarray(end + 4);
        return head;
      }
      if (this.#buffer.length > MAX_HEAD) throw new Refusal(431, "Request Header Fields Too Large");
      const more = await this.#more();
      if (!more) throw new Refusal(0, "closed");
      this.#buffer = join(this.#buffer, more);
    }
  }

  /** Up to `max` bytes: buffered ones first. Null at the end of the stream. */
  async read(max: number): Promise<Uint8Array | null> {
    if (this.#buffer.length === 0) {
      const more = await this.#more();
      if (!more) return null;
      this.#buffer = more;
    }
    const out = this.#buffer.subarray(0, max);
    this.#buffer = this.#buffer.subarray(out.length);
    return out;
  }

  /** One CRLF-ended line (chunk sizes and trailers). */
  async line(): Promise<string> {
    for (;;) {
      const at = this.#buffer.indexOf(0x0a);
      if (at >= 0) {
        const text = new TextDecoder("latin1").decode(this.#buffer.subarray(0, at));
        this.#buffer = this.#buffer.subarray(at + 1);
        return text.replace(/\r$/, "");
      }
      if (this.#buffer.length > 1024) throw new Error("chunk line too long");
      const more = await this.#more();
      if (!more) throw new Error("connection closed mid-body");
      this.#buffer = join(this.#buffer, more);
    }
  }

  /** Writes all of `bytes`, or drops the connection when that takes too long. */
  async write(bytes: Uint8Array): Promise<void> {
    const timer = setTimeout(() => this.close(), WRITE_TIMEOUT_MS);
    try {
      for (let at = 0; at < bytes.length;) at += await this.#conn.write(bytes.subarray(at));
    } finally {
      clearTimeout(timer);
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Drops the connection: a read under way ends (its body stream errors). */
  close(): void {
    clearTimeout(this.#timer);
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // already gone
    }
  }
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function findBlankLine(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) {
      return i;
    }
  }
  return -1;
}

/** The body as a stream: `length` bytes, or chunked; the deadline ends when it is all read. */
function bodyStream(
  connection: Connection,
  framing: { length: number } | "chunked",
): ReadableStream<Uint8Array> {
  let left = framing === "chunked" ? 0 : framing.length;
  let finished = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (left === 0 && framing === "chunked" && !finished) {
        const size = parseInt((await connection.line()).split(";")[0].trim(), 16);
        if (!Number.isSafeInteger(size) || size < 0) throw new Error("bad chunk size");
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
        throw new Error("bad chunk framing");
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
  return new Request(url, {
    method,
    headers,
    body: hasBody ? bodyStream(connection, chunked ? "chunked" : { length }) : undefined,
  });
}

/** Writes `response` with `Connection: close`. */
async function respond(connection: Connection, response: Response): Promise<void> {
  const body = new Uint8Array(await response.arrayBuffer());
  let head = `HTTP/1.1 ${response.status} ${response.statusText || "Status"}\r\n`;
  response.headers.forEach((value, name) => {
    if (!/^(content-length|connection|transfer-encoding)$/i.test(name)) {
      head += `${name}: ${value}\r\n`;
    }
  });
  head += `content-length: ${body.length}\r\nconnection: close\r\n\r\n`;
  await connection.write(join(encoder.encode(head), body));
}

/** A real HTTP server on `hostname:port` (`webhook listen`); tests use it too. */
export const serve: Deps["serve"] = (options, handler) => {
  const { hostname, port, maxConnections = 64, readTimeoutMs = 10_000 } = options;
  // Throws at once (AddrInUse) when the port is taken.
  const listener = Deno.listen({ hostname, port, transport: "tcp" });
  const host = `${hostname}:${(listener.addr as Deno.NetAddr).port}`;
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
        response = new Response("Internal Server Error\n", { status: 500 });
      }
      connection.stopDeadline();
      await respond(connection, response);
    } catch (error) {
      if (error instanceof Refusal && error.status && !connection.closed) {
        await connection.write(plain(error.status, error.message)).catch(() => {});
      }
    } finally {
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
    port: (listener.addr as Deno.NetAddr).port,
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
      for (const connection of open) connection.close();
      await Promise.allSettled([...answering]);
    },
  });
};
