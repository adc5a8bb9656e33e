/**
 * The stdio transport, over the CLI's own streams (src/io.ts) rather than Node's process
 * streams: newline-delimited JSON-RPC in on stdin, out on stdout, and nothing else ever on
 * stdout (the server's own messages go to stderr). Closes when stdin ends, once the requests
 * read before the end are answered (`echo '<request>' | torale mcp serve` gets its answer), or
 * after a bounded moment for one that takes long (a wait).
 */
import type { InStream, Io, OutStream } from "../io.ts";
import type { JsonRpcMessage, Sdk, Transport } from "./sdk.ts";

/** How long the end of stdin waits for answers to requests still in hand. */
const DRAIN_MS = 2_000;

/** The longest message read, in characters (the SDK's own stdio transport holds 10 MB). */
const MAX_LINE = 10 * 1024 * 1024;
const TOO_LONG = `Invalid Request: a message over ${MAX_LINE / 1024 / 1024} MB`;

/**
 * The streams of a server on stdio: the protocol's (stdin and stdout), and the CLI's own for
 * everything else, whose stdout is stderr (the session's output, warnings, the server's log).
 */
export function splitStdio(io: Io): { protocol: Pick<Io, "stdin" | "stdout">; rest: Io } {
  return { protocol: { stdin: io.stdin, stdout: io.stdout }, rest: { ...io, stdout: io.stderr } };
}

/** A Transport reading `stdin` and writing `stdout`. */
export class StdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JsonRpcMessage) => void;
  readonly #sdk: Sdk;
  readonly #stdin: InStream;
  readonly #stdout: OutStream;
  #reader?: ReadableStreamDefaultReader<string>;
  #closed = false;
  /** Requests read and not answered yet, and a wake-up for the end of stdin. */
  readonly #pending = new Set<string | number>();
  #answered = () => {};
  /** Settles once the transport has closed (stdin ended, or close() was called). */
  readonly closed: Promise<void>;
  #settle!: () => void;

  constructor(sdk: Sdk, streams: { stdin: InStream; stdout: OutStream }) {
    this.#sdk = sdk;
    this.#stdin = streams.stdin;
    this.#stdout = streams.stdout;
    this.closed = new Promise((resolve) => this.#settle = resolve);
  }

  start(): Promise<void> {
    this.#reader = this.#stdin.readable().pipeThrough(new TextDecoderStream()).getReader();
    this.#read();
    return Promise.resolve();
  }

  async #read(): Promise<void> {
    // The line so far, in pieces: only each new piece is searched for its end, so a long line
    // costs its length, not its length squared. Past MAX_LINE it is dropped up to its end.
    let pieces: string[] = [];
    let size = 0;
    let oversized = false;
    try {
      while (true) {
        const { value, done } = await this.#reader!.read();
        if (done) break;
        let rest = value;
        let end: number;
        while ((end = rest.indexOf("\n")) >= 0) {
          if (oversized) this.#refuse(-32600, TOO_LONG);
          else this.#line(pieces.join("") + rest.slice(0, end));
          pieces = [];
          size = 0;
          oversized = false;
          rest = rest.slice(end + 1);
        }
        size += rest.length;
        if (size > MAX_LINE) {
          oversized = true;
          pieces = [];
        } else if (rest !== "") pieces.push(rest);
      }
      // The last message, even without its newline (`printf '%s' '{…}' | torale mcp serve`).
      if (oversized) this.#refuse(-32600, TOO_LONG);
      else this.#line(pieces.join(""));
    } catch (error) {
      if (!this.#closed) this.onerror?.(error as Error);
    }
    const drained = new Promise<void>((resolve) => {
      this.#answered = () => this.#pending.size === 0 && resolve();
      this.#answered();
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const moment = new Promise<void>((resolve) => timer = setTimeout(resolve, DRAIN_MS));
    await Promise.race([drained, moment]);
    clearTimeout(timer);
    await this.close();
  }

  #line(text: string): void {
    const line = text.replace(/\r$/, "");
    if (line.trim() !== "") this.#deliver(line);
  }

  /** An error answer to a line that is no request: JSON-RPC's, so a client is not left waiting. */
  #refuse(code: number, message: string, id: string | number | null = null): void {
    this.onerror?.(new Error(message));
    if (!this.#closed) {
      this.#stdout.write(JSON.stringify({ jsonrpc: "2.0", id, error: { code, message } }) + "\n");
    }
  }

  #deliver(line: string): void {
    let message: JsonRpcMessage;
    try {
      message = this.#sdk.deserializeMessage(line);
    } catch (error) {
      if (error instanceof SyntaxError) return this.#refuse(-32700, "Parse error: invalid JSON");
      const id = (JSON.parse(line) as { id?: unknown } | null)?.id;
      const known = typeof id === "string" || typeof id === "number" ? id : null;
      return this.#refuse(-32600, "Invalid Request: not a JSON-RPC 2.0 message", known);
    }
    if ("method" in message && "id" in message) this.#pending.add(message.id);
    this.onmessage?.(message);
  }

  send(message: JsonRpcMessage): Promise<void> {
    if (!this.#closed) this.#stdout.write(this.#sdk.serializeMessage(message));
    if (!("method" in message) && "id" in message && this.#pending.delete(message.id)) {
      this.#answered();
    }
    return Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#reader?.cancel().catch(() => {});
    this.onclose?.();
    this.#settle();
  }
}
