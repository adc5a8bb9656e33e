/**
 * Everything a command needs from the outside world, as interfaces only, so
 * tests inject their own. The real implementations live in `src/system/`,
 * which only `main.ts` imports.
 */
import type { Io } from "./io.ts";

/** Clock functions, injectable so retry waits are instant in tests. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Interactive prompts (only ever shown on a terminal). */
export interface Prompter {
  /** Asks for a secret without echoing it. */
  password(message: string): Promise<string>;
  /** Asks a yes/no question; `false` unless the user says yes. */
  confirm(message: string): Promise<boolean>;
}

/** A local HTTP server a command started (`webhook listen`). */
export interface LocalServer {
  /** The port it listens on (the one the system chose for port 0). */
  readonly port: number;
  /**
   * Stops listening, drops requests still arriving and waits a bounded moment for answers
   * under way.
   */
  shutdown(): Promise<void>;
}

/** Where a local HTTP server listens, and what it holds a client to. */
export interface ServeOptions {
  hostname: string;
  port: number;
  /** Connections open at once; past it a client gets 503 and is closed (default 64). */
  maxConnections?: number;
  /** The time a request's head and body may take to arrive (default 10 s), else 408. */
  readTimeoutMs?: number;
}

/** A platform credential store (macOS Keychain, Windows Credential Manager, Secret Service). */
export interface SecretStore {
  /** The store's name for people: "macOS Keychain", "Secret Service", ... */
  readonly name: string;
  /** The secret saved for `account`, or undefined when there is none. */
  get(account: string): Promise<string | undefined>;
  /** Saves `secret` for `account`, replacing any earlier one. */
  set(account: string, secret: string): Promise<void>;
  /** Removes the secret of `account`; whether there was one. */
  delete(account: string): Promise<boolean>;
}

/** How this process was started: `torale mcp config` prints a command that starts it again. */
export interface Program {
  /** The compiled binary, or the deno that runs the script (Deno.execPath()). */
  execPath: string;
  /** The script: main.ts of a clone or the bundle torale.js, as a file URL (Deno.mainModule). */
  mainModule: string;
  /** Whether this is a compiled binary (deno compile). */
  standalone: boolean;
  /** Deno.build.os. */
  os: string;
}

/** The outside world. */
export interface Deps {
  io: Io;
  env: (name: string) => string | undefined;
  /** The user's home directory, where `.torale/` lives. */
  homeDir: string | undefined;
  fetch: typeof fetch;
  /**
   * Opens a file the user named on the command line (`torale api --input <file>`, `plan -f`)
   * for reading; read it bounded, through src/kit/input.ts.
   */
  openFile(path: string): Promise<ReadableStream<Uint8Array>>;
  /** Writes a file the user named (`export --file`). */
  writeTextFile(path: string, text: string): Promise<void>;
  clock: Clock;
  prompt: Prompter;
  /**
   * Calls `listener` on Ctrl-C (SIGINT) instead of letting it end the process,
   * until the returned function is called: a long wait cleans up, then exits 130.
   */
  onInterrupt(listener: () => void): () => void;
  /** Listens for HTTP on `hostname:port`; rejects with Deno's error (e.g. the port in use). */
  serve(
    options: ServeOptions,
    handler: (request: Request) => Promise<Response>,
  ): Promise<LocalServer>;
  /**
   * Opens the OS credential store, loading its native library only now: the
   * store, or why there is none (no Secret Service running, no D-Bus, ...).
   */
  keychain(): Promise<SecretStore | { unavailable: string }>;
  /** How this process was started, asked only by the commands that print it. */
  program(): Program;
  /**
   * Opens an http(s) `url` in the user's web browser; whether a browser was started (false
   * when none can be, or the CLI may not start programs). Commands call it only at a terminal
   * and never in CI (`connectors connect`).
   */
  openBrowser(url: string): Promise<boolean>;
}
