/**
 * The one polling loop of the task tree (`task execute --wait`, `task wait`, `task logs
 * --follow`): a check, then a pause that grows while nothing changes, never past the
 * deadline, each request given only the time left, a spinner on a terminal (progress lines
 * elsewhere, when asked), a server's Retry-After honoured, and Ctrl-C ending the wait
 * cleanly (exit 130, spinner erased).
 */
import type { ApiClient } from "../../api/client.ts";
import { durationText } from "../../config/duration.ts";
import {
  ApiError,
  type CliError,
  InterruptedError,
  NetworkError,
  TimedOutError,
  UnavailableError,
} from "../../errors.ts";
import type { Session } from "../../kit/session.ts";
import { startProgress } from "../../kit/progress.ts";

/** The first pause between checks of `task wait` and `logs --follow`; doubles while quiet. */
export const DEFAULT_INTERVAL_MS = 5_000;
/** The longest pause between those checks (a longer `task wait --interval` raises it). */
export const MAX_INTERVAL_MS = 60_000;

/** Runs a check asks for: more than can finish between two checks. */
export const RUNS_PER_CHECK = 20;

/** Pauses between checks: `start`, doubled after each quiet check up to `cap`. */
export class Backoff {
  readonly #start: number;
  readonly #cap: number;
  #next: number;

  constructor(start: number, cap = start) {
    this.#start = start;
    this.#cap = Math.max(start, cap);
    this.#next = start;
  }

  /** The next pause, in ms; the one after is longer, up to the cap. */
  next(): number {
    const pause = this.#next;
    this.#next = Math.min(this.#cap, pause * 2);
    return pause;
  }

  /** Something changed: check again soon. */
  reset(): void {
    this.#next = this.#start;
  }

  /** The server asked for at least `ms` between requests. */
  atLeast(ms: number): void {
    this.#next = Math.max(this.#next, ms);
  }
}

/** What one check found: the value that ends the wait, or how the wait is going. */
export type CheckResult<T> =
  | { done: T }
  | { progress: string; news?: boolean };

/** How to poll. */
export interface PollOptions<T> {
  /** Clock time (ms) to give up at; none when undefined. */
  deadline?: number;
  backoff: Backoff;
  /** The spinner's text until the first check. */
  progress: string;
  /** One check with a client bound by the deadline. `news` starts the pauses over. */
  check(client: ApiClient): Promise<CheckResult<T>>;
  /** Progress lines on stderr off a terminal too (see kit/progress.ts). */
  lines?: boolean;
  /** The error once the deadline has passed (only called with a deadline). */
  timedOut?: () => CliError;
}

/** How long a wait without --timeout rides out one outage before it gives up (exit 5). */
export const OUTAGE_LIMIT_MS = 5 * 60_000;

/** Whether `error` is the service failing or out of reach: worth waiting out. */
function isOutage(error: unknown): error is CliError {
  return error instanceof NetworkError || (error instanceof ApiError && error.status >= 500);
}

/** The error a wait ends with when it gave up on an outage. */
function outageError(error: CliError, downMs: number): UnavailableError {
  return new UnavailableError(
    `Gave up waiting: the API failed or could not be reached for ${durationText(downMs)}`,
    {
      cause: error,
      hints: [
        `Last error: ${error.message}`,
        "The task keeps running on the server; wait again later, or with a longer --timeout.",
      ],
    },
  );
}

/** Polls `check` (after a first pause) until it returns `done`; throws `timedOut()` at the deadline. */
export async function pollUntil<T>(
  session: Session,
  client: ApiClient,
  options: PollOptions<T>,
): Promise<T> {
  const { clock, io } = session.deps;
  const deadline = options.deadline ?? Infinity;
  const timedOut = options.timedOut ?? (() => new TimedOutError("Timed out"));
  // Each check gets only the time left: a deadline bounds the whole wait, requests included.
  const bounded = Number.isFinite(deadline) ? client.withDeadline(deadline) : client;
  let stopWaiting = () => {};
  const interrupted = new Promise<never>((_, reject) => {
    stopWaiting = session.deps.onInterrupt(() => reject(new InterruptedError()));
  });
  interrupted.catch(() => {}); // Handled by whichever race is pending; never left unhandled.
  let progress = options.progress;
  let outage: { since: number; base: string; last: CliError } | undefined;
  // A deadline that passes during an outage ends the wait as the outage's failure (exit 5).
  const expired = () => outage ? outageError(outage.last, clock.now() - outage.since) : timedOut();
  const shown = startProgress(io.stderr, progress, {
    clock,
    lines: options.lines === true,
    writeLine: (line) => session.info(line),
  });
  try {
    while (true) {
      const left = deadline - clock.now();
      if (left <= 0) throw expired();
      // Never sleep past the deadline: --timeout 5s gives up at 5 s, not at the next check.
      // In slices no longer than the time to the next progress line, so that it comes on time.
      for (let rest = Math.min(options.backoff.next(), left); rest > 0;) {
        shown.show(progress, rest);
        const slice = Math.min(rest, shown.due() || rest);
        await Promise.race([clock.sleep(slice), interrupted]);
        rest -= slice;
      }
      if (clock.now() >= deadline) throw expired();
      let result: CheckResult<T>;
      try {
        result = await Promise.race([options.check(bounded), interrupted]);
      } catch (error) {
        if (error instanceof ApiError && error.status === 429) {
          // The client already waited out a short Retry-After once; a longer one slows us down.
          options.backoff.atLeast((error.retryAfter ?? 60) * 1000);
          continue;
        }
        // A request cut short by the deadline is the deadline's doing, not an outage.
        if (error instanceof NetworkError && clock.now() >= deadline && !outage) throw timedOut();
        if (!isOutage(error)) throw error;
        // The service is down or out of reach: wait it out, within --timeout or, without one,
        // for OUTAGE_LIMIT_MS, saying so; then give up with an exit code of its own.
        const first = outage === undefined;
        outage ??= { since: clock.now(), base: progress, last: error };
        outage.last = error;
        const down = clock.now() - outage.since;
        if (clock.now() >= deadline || (!Number.isFinite(deadline) && down >= OUTAGE_LIMIT_MS)) {
          throw outageError(error, down);
        }
        if (first && !io.stderr.isTerminal) {
          session.info(`The API failed or could not be reached (${error.message}); retrying`);
        }
        progress = `${outage.base} (the API is unreachable: retrying for ${durationText(down)})`;
        continue;
      }
      if (outage) {
        if (!io.stderr.isTerminal) {
          session.info(`The API answers again, after ${durationText(clock.now() - outage.since)}`);
        }
        outage = undefined;
      }
      if ("done" in result) return result.done;
      progress = result.progress;
      if (result.news) options.backoff.reset();
    }
  } finally {
    shown.stop();
    stopWaiting();
  }
}

/** Runs `work` under Ctrl-C: an interrupt rejects with InterruptedError (exit 130). */
export async function interruptible<T>(session: Session, work: Promise<T>): Promise<T> {
  let stop = () => {};
  const interrupted = new Promise<never>((_, reject) => {
    stop = session.deps.onInterrupt(() => reject(new InterruptedError()));
  });
  interrupted.catch(() => {});
  try {
    return await Promise.race([work, interrupted]);
  } finally {
    stop();
  }
}
