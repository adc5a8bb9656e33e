/**
 * One accepted connection of the `webhook listen` server (./serve.ts): bytes read on demand
 * under a deadline for the request's head and body, writes bounded in time, one way to drop it.
 */

/** A request head larger than this is refused (431). */
const MAX_HEAD = 16 * 1024;
/** How long writing an answer may take before the connection is dropped. */
const WRITE_TIMEOUT_MS = 5_000;

/** UTF-8 bytes of text. */
export const encoder = new TextEncoder();

/** A `Connection: close` answer with a short text body, as bytes. */
export function plain(status: number, reason: string, extra = ""): Uint8Array {
  const body = `${reason}\n`;
  return encoder.encode(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\n` +
      `connection: close\r\n${extra}\r\n${body}`,
  );
}

/** A request refused before the handler saw it: answered `status` (0: nobody to answer). */
export class Refusal extends Error {
  constructor(readonly status: number, reason: string) {
    super(reason);
  }
}

/** One accepted connection: its bytes read on demand, and one way to drop it. */
export class Connection {
  #conn: Deno.Conn;
  #buffer: Uint8Array = new Uint8Array(0);
  #closed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closing = new AbortController();
  /** Whether the request (head and body) has been read. */
  done = false;
  /** Whether the body broke its own framing (a bad chunk): the client's fault, 400. */
  malformed = false;
  /** Whether {@link watchEnd} is reading: nothing else may read then. */
  #watching = false;

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

  /**
   * More bytes, or null at the end of the stream (the client closed, or we did). A copy of just
   * the bytes read: a view would keep the whole 64 KiB buffer alive, so a body sent a byte at a
   * time would hold 64 KiB per byte against a 1 MiB limit that counts only the bytes.
   */
  async #more(): Promise<Uint8Array | null> {
    const chunk = new Uint8Array(64 * 1024);
    let n: number | null;
    try {
      n = await this.#conn.read(chunk);
    } catch {
      n = null;
    }
    return n === null ? null : chunk.slice(0, n);
  }

  /** The request head (up to the blank line) as text; what follows stays buffered. */
  async head(): Promise<string> {
    for (;;) {
      const end = findBlankLine(this.#buffer);
      if (end > MAX_HEAD) throw new Refusal(431, "Request Header Fields Too Large");
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
      if (this.#buffer.length > 1024) {
        this.malformed = true;
        throw new Error("chunk line too long");
      }
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

  /** Aborted when the connection is dropped (a streamed answer then stops). */
  get closedSignal(): AbortSignal {
    return this.#closing.signal;
  }

  /**
   * While an answer streams for as long as the client stays (an event stream): the request is
   * read, so the only thing left to read is the client's end, which drops the connection (and
   * cancels the stream) at once. Without it a client gone away is noticed only at the next write,
   * and an idle stream keeps its connection, and its place under the cap, for ever.
   */
  watchEnd(): void {
    if (this.#watching || this.#closed) return;
    this.#watching = true;
    (async () => {
      // What a client sends after its request (nothing, normally) is read and dropped.
      while (!this.#closed && (await this.#more()) !== null);
      this.close();
    })();
  }

  /**
   * After the answer: ends our side (FIN), then reads and drops what the client still sends (the
   * rest of a body that was refused), for at most `maxMs` and `maxBytes`. Closing with unread
   * bytes would reset the connection, and the reset can reach the client before the answer.
   */
  async linger(maxMs: number, maxBytes: number): Promise<void> {
    // A watched connection is already reading to the client's end: it is just closed.
    if (this.#closed || this.#watching) return;
    try {
      await this.#conn.closeWrite();
    } catch {
      return;
    }
    const timer = setTimeout(() => this.close(), maxMs);
    try {
      for (let left = maxBytes; left > 0;) {
        const more = await this.#more();
        if (!more) break;
        left -= more.length;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Drops the connection: a read under way ends (its body stream errors). */
  close(): void {
    clearTimeout(this.#timer);
    if (this.#closed) return;
    this.#closed = true;
    this.#closing.abort();
    try {
      this.#conn.close();
    } catch {
      // already gone
    }
  }
}

/** `a` then `b`, in one array. */
export function join(a: Uint8Array, b: Uint8Array): Uint8Array {
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
