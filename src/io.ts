/** Terminal streams behind an interface, so commands never touch Deno's globals. */

/** A stream the CLI writes text to. */
export interface OutStream {
  write(text: string): void;
  /** Whether the stream is an interactive terminal. */
  readonly isTerminal: boolean;
  /** Terminal width in columns, when known. */
  readonly columns?: number;
}

/** The standard input, read at most once. */
export interface InStream {
  readonly isTerminal: boolean;
  /** Its bytes as they come (read them bounded: src/kit/input.ts). */
  readable(): ReadableStream<Uint8Array>;
}

/** The three standard streams. */
export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
}
