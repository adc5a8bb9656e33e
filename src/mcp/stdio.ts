/**
 * The stdio transport, over the CLI's own streams (src/io.ts) rather than Node's process
 * streams: newline-delimited JSON-RPC in on stdin, out on stdout, and nothing else ever on
 * stdout (the server's own messages go to stderr). Closes when stdin ends, once the requests
 * read before the end are answered (`echo '<request>' | torale mcp serve` gets its answer), or
 * after a bounded moment for one that takes long (a wait).
 */
import type { InStream, OutStream } from "../io.ts";
import type { JsonRpcMessage, Sdk, Transport } from "./sdk.ts";

/** How long the end of stdin waits for answers to requests still in hand. */
const DRAIN_MS = 2_000;

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
    let buffered = "";
    try {
      while (true) {
        const { value, done } = await this.#reader!.read();
        if (done) break;
        buffered += value;
        let end: number;
        while ((end = buffered.indexOf("\n")) >= 0) {
          const line = buffered.slice(0, end).replace(/\r$/, "");
          buffered = buffered.slice(end + 1);
          if (line.trim() !== "") this.#deliver(line);
        }
      }
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

  #deliver(line: string): void {
    let message: JsonRpcMessage;
    try {
      message = this.#sdk.deserializeMessage(line);
    } catch (error) {
      return this.onerror?.(error as Error);
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
