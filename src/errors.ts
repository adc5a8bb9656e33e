/**
 * Typed errors. Only `main.ts` exits; everything else throws one of these and
 * `run()` turns it into an `Error: ...` line, hint lines and an exit code.
 */

/** Exit codes shared by every command. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 4,
  /** A wait gave up because the service failed or could not be reached (other commands: 1). */
  unavailable: 5,
  /** A wait's own --timeout passed first, as `timeout(1)` exits. */
  timedOut: 124,
  interrupted: 130,
  terminated: 143,
} as const;

/** Options every CLI error accepts. */
export interface CliErrorOptions {
  /** Lines telling the user what to do next. */
  hints?: string[];
  /** The underlying error, shown only with --debug. */
  cause?: unknown;
}

/**
 * Marks a CliError (and a QuietExit) whichever copy of this module made it: the MCP server is a
 * bundle of its own (scripts/build.ts) with its own copy of these classes, and errors thrown by
 * the CLI's deps (a stream that cannot be written) reach it from the other copy, which
 * `instanceof` does not recognise. `Symbol.for` names the same symbol in every copy.
 */
const CLI_ERROR: unique symbol = Symbol.for("torale.CliError");
const QUIET_EXIT: unique symbol = Symbol.for("torale.QuietExit");

/** Whether `error` is a {@link CliError}, made by this copy of the module or another. */
export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError ||
    (typeof error === "object" && error !== null && CLI_ERROR in error);
}

/** Whether `error` is a {@link QuietExit}, made by this copy of the module or another. */
export function isQuietExit(error: unknown): error is QuietExit {
  return error instanceof QuietExit ||
    (typeof error === "object" && error !== null && QUIET_EXIT in error);
}

/** Base class of every error the CLI reports to users. */
export class CliError extends Error {
  readonly [CLI_ERROR] = true;
  /** Process exit code for this error. */
  readonly exitCode: number = ExitCode.failure;
  /** Lines printed after the error line. */
  readonly hints: string[];

  constructor(message: string, options: CliErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.hints = options.hints ?? [];
  }
}

/** Bad flags, arguments or values (exit 2). */
export class UsageError extends CliError {
  override readonly exitCode: number = ExitCode.usage;
}

/** No credentials, or credentials rejected (exit 4). */
export class AuthError extends CliError {
  override readonly exitCode: number = ExitCode.auth;
}

/** The config file could not be read, parsed or written (exit 1). */
export class ConfigError extends CliError {}

/** The request never got an HTTP answer (exit 1). */
export class NetworkError extends CliError {}

/** The API answered with an error status (exit 1). */
export class ApiError extends CliError {
  /** HTTP status code of the answer. */
  readonly status: number;
  /** The server's `detail`, when there was one. */
  readonly detail: unknown;
  /** Seconds a 429 answer asked to wait (Retry-After), when it said. */
  readonly retryAfter?: number;

  constructor(
    message: string,
    options: CliErrorOptions & { status: number; detail?: unknown; retryAfter?: number },
  ) {
    super(message, options);
    this.status = options.status;
    this.detail = options.detail;
    this.retryAfter = options.retryAfter;
  }
}

/** A wait gave up because its --timeout passed first (exit 124, as `timeout(1)`). */
export class TimedOutError extends CliError {
  override readonly exitCode: number = ExitCode.timedOut;
}

/**
 * A wait (`task wait`, `task execute --wait`, `task logs --follow`) gave up riding out an outage:
 * the service kept failing or could not be reached (exit 5, apart from 1, "the run failed").
 */
export class UnavailableError extends CliError {
  override readonly exitCode: number = ExitCode.unavailable;
}

/** The user pressed Ctrl-C (exit 130), or the process was sent SIGTERM (exit 143). */
export class InterruptedError extends CliError {
  override readonly exitCode: number;
  constructor(options: CliErrorOptions & { signal?: "SIGINT" | "SIGTERM" } = {}) {
    const terminated = options.signal === "SIGTERM";
    super(terminated ? "Terminated" : "Interrupted", options);
    this.exitCode = terminated ? ExitCode.terminated : ExitCode.interrupted;
  }
}

/**
 * Ends the command with an exit code after it has already told the user
 * what happened (e.g. `auth status` printing `✗ Invalid API key`).
 */
export class QuietExit extends CliError {
  override readonly exitCode: number;
  readonly [QUIET_EXIT] = true;
  constructor(exitCode: number) {
    super(`exit ${exitCode}`);
    this.exitCode = exitCode;
  }
}
