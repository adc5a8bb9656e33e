/**
 * A loopback relay in front of `torale mcp serve --http` for clients that cannot send its token
 * (the MCP conformance suite): each request's head gets `Authorization: Bearer <token>`, the rest
 * of the bytes pass both ways untouched.
 *
 * Host and Origin keep their meaning: a value naming the relay (a loopback name with the relay's
 * port) is rewritten to the same name with the server's port, as if the client had spoken to the
 * server itself; any other value (`evil.example.com`) reaches the server as sent, so its own
 * DNS-rebinding checks are what the suite tests.
 */

const MAX_HEAD = 64 * 1024;
const encoder = new TextEncoder();
const LOOPBACK = ["127.0.0.1", "localhost", "[::1]"];

/** A running relay. */
export interface Relay {
  /** `http://127.0.0.1:<relay port><path>`. */
  url: string;
  port: number;
  /** Stops listening and drops the connections under way. */
  close(): Promise<void>;
}

/**
 * The head `head` with Host and Origin naming the relay moved to the server's port, and the
 * token added (any Authorization sent is replaced).
 */
export function rewriteHead(
  head: string,
  ports: { relay: number; server: number },
  token: string,
): string {
  const moved = new Map(
    LOOPBACK.map((name) => [`${name}:${ports.relay}`, `${name}:${ports.server}`]),
  );
  const [start, ...lines] = head.split("\r\n");
  const out = [start];
  for (const line of lines) {
    const at = line.indexOf(":");
    const name = line.slice(0, at).trim().toLowerCase();
    const value = line.slice(at + 1).trim();
    if (name === "authorization") continue;
    if (name === "host") {
      out.push(`${line.slice(0, at)}: ${moved.get(value.toLowerCase()) ?? value}`);
    } else if (name === "origin") {
      const host = /^http:\/\/(.+)$/i.exec(value)?.[1].toLowerCase();
      const to = host === undefined ? undefined : moved.get(host);
      out.push(`${line.slice(0, at)}: ${to === undefined ? value : `http://${to}`}`);
    } else out.push(line);
  }
  out.push(`authorization: Bearer ${token}`);
  return out.join("\r\n");
}

function blankLine(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) {
      return i;
    }
  }
  return -1;
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Copies `from` to `to` until `from` ends, then ends `to`'s writing side. */
async function pump(from: Deno.Conn, to: Deno.Conn): Promise<void> {
  const buffer = new Uint8Array(64 * 1024);
  try {
    for (;;) {
      const n = await from.read(buffer);
      if (n === null) break;
      for (let at = 0; at < n;) at += await to.write(buffer.subarray(at, n));
    }
    await to.closeWrite();
  } catch {
    // either side went away: the other is closed by the caller
  }
}

/** Relays 127.0.0.1:<free port> to `server` (a port on 127.0.0.1), adding `token`. */
export function startRelay(server: { port: number; path?: string }, token: string): Relay {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const open = new Set<Deno.Conn>();

  async function relay(client: Deno.Conn): Promise<void> {
    let upstream: Deno.Conn | undefined;
    try {
      let buffer: Uint8Array = new Uint8Array(0);
      const chunk = new Uint8Array(16 * 1024);
      let end = blankLine(buffer);
      while (end < 0) {
        const n = await client.read(chunk);
        if (n === null || buffer.length > MAX_HEAD) return;
        buffer = join(buffer, chunk.subarray(0, n));
        end = blankLine(buffer);
      }
      const head = new TextDecoder("latin1").decode(buffer.subarray(0, end));
      const rewritten = rewriteHead(head, { relay: port, server: server.port }, token);
      upstream = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
      open.add(upstream);
      await upstream.write(join(encoder.encode(`${rewritten}\r\n\r\n`), buffer.subarray(end + 4)));
      // The server answers one request per connection: its end is the exchange's end.
      pump(client, upstream);
      await pump(upstream, client);
    } catch {
      // a side closed: nothing to relay
    } finally {
      for (const conn of [client, upstream]) {
        if (!conn) continue;
        open.delete(conn);
        try {
          conn.close();
        } catch {
          // already closed
        }
      }
    }
  }

  const accepting = (async () => {
    for (;;) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        return;
      }
      open.add(conn);
      relay(conn);
    }
  })();

  return {
    url: `http://127.0.0.1:${port}${server.path ?? "/mcp"}`,
    port,
    async close() {
      listener.close();
      await accepting;
      for (const conn of open) {
        try {
          conn.close();
        } catch {
          // already closed
        }
      }
    },
  };
}
