/**
 * A hostile HTTP server for `deno task fault-check`: raw TCP, so a case can
 * answer anything a real server or a broken proxy might send — bodies that
 * never end, compressed bombs, resets half-way, trickles, odd redirects.
 * One request per connection; the first path segment names the case.
 */

/** A request as the hostile server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: Headers;
}

/** How a case answers: it writes raw bytes to the connection, then it is closed. */
export type Answer = (conn: Deno.Conn, request: SeenRequest) => Promise<void>;

const encoder = new TextEncoder();

/** Writes all of `data`, ignoring a reader that went away. */
export async function write(conn: Deno.Conn, data: string | Uint8Array): Promise<boolean> {
  let bytes = typeof data === "string" ? encoder.encode(data) : data;
  try {
    while (bytes.length > 0) bytes = bytes.subarray(await conn.write(bytes));
    return true;
  } catch {
    return false;
  }
}

/** A status line and headers, then `body` (with its length unless `headers` say otherwise). */
export function head(status: string, headers: Record<string, string> = {}): string {
  const lines = [
    `HTTP/1.1 ${status}`,
    "Connection: close",
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return lines.join("\r\n") + "\r\n\r\n";
}

/** A complete JSON answer. */
export function jsonAnswer(status: string, body: unknown, headers: Record<string, string> = {}) {
  return async (conn: Deno.Conn) => {
    const text = encoder.encode(typeof body === "string" ? body : JSON.stringify(body));
    await write(
      conn,
      head(status, {
        "Content-Type": "application/json",
        "Content-Length": String(text.length),
        ...headers,
      }),
    );
    await write(conn, text);
  };
}

async function readHead(conn: Deno.Conn): Promise<SeenRequest | undefined> {
  const buffer = new Uint8Array(64 * 1024);
  let length = 0;
  while (length < buffer.length) {
    const n = await conn.read(buffer.subarray(length)).catch(() => null);
    if (n === null) return undefined;
    length += n;
    const text = new TextDecoder().decode(buffer.subarray(0, length));
    const end = text.indexOf("\r\n\r\n");
    if (end < 0) continue;
    const [requestLine, ...lines] = text.slice(0, end).split("\r\n");
    const [method, target] = requestLine.split(" ");
    // The CLI's direct loopback connection sends the absolute form (`GET http://host/path`).
    const parsed = new URL(target, "http://localhost");
    const path = parsed.pathname + parsed.search;
    const headers = new Headers();
    for (const line of lines) {
      const colon = line.indexOf(":");
      if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
    return { method, path, headers };
  }
  return undefined;
}

/** A running hostile server. */
export interface HostileServer {
  url: string;
  /** Every request seen, in order. */
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 and a free port; `answer` picks each request's answer. */
export function startHostileServer(answer: (request: SeenRequest) => Answer): HostileServer {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const seen: SeenRequest[] = [];
  const open = new Set<Deno.Conn>();
  const serving = (async () => {
    for await (const conn of listener) {
      open.add(conn);
      (async () => {
        try {
          const request = await readHead(conn);
          if (request) {
            seen.push(request);
            await answer(request)(conn, request);
          }
        } catch {
          // A client that hung up is what several cases are about.
        } finally {
          open.delete(conn);
          try {
            conn.close();
          } catch {
            // Already closed by the case (a reset).
          }
        }
      })();
    }
  })();
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    seen,
    close: async () => {
      listener.close();
      for (const conn of open) {
        try {
          conn.close();
        } catch {
          // Gone already.
        }
      }
      await serving.catch(() => {});
    },
  };
}
