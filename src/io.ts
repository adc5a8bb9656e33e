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
  /** The whole of stdin as text (empty at end of file). */
  readAll(): Promise<string>;
}

/** The three standard streams. */
export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
}
