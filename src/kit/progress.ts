/**
 * How a long wait shows it is alive, on stderr. On a terminal: a spinner whose line starts
 * with the countdown ("next check in 20 s · Waiting for …"), so that a long task name is
 * what gets cut off, not the countdown. Elsewhere (a CI log), when asked: one line when the
 * state changes and at least every {@link HEARTBEAT_MS}, with the time waited so far, so
 * that hours of waiting never look like a hung job.
 */
import { durationText } from "../config/duration.ts";
import type { Clock } from "../deps.ts";
import type { OutStream } from "../io.ts";
import { startSpinner } from "./spinner.ts";

/** The longest stretch without a progress line off a terminal. */
export const HEARTBEAT_MS = 5 * 60_000;

/** A wait's progress display. */
export interface Progress {
  /** Shows `state`, the next check `nextMs` away. */
  show(state: string, nextMs: number): void;
  /** The time until a line is due off a terminal, in ms (Infinity when none will be). */
  due(): number;
  /** Ends the display (erases the spinner). */
  stop(): void;
}

/** Options of {@link startProgress}. */
export interface ProgressOptions {
  clock: Clock;
  /** Write progress lines off a terminal (otherwise nothing shows there). */
  lines: boolean;
  /** Writes one line, made safe for a terminal. */
  writeLine(text: string): void;
}

/** Starts showing progress on `stream`, beginning with `state`. */
export function startProgress(
  stream: OutStream,
  state: string,
  options: ProgressOptions,
): Progress {
  if (stream.isTerminal) {
    const spinner = startSpinner(stream, state);
    return {
      show(state, nextMs) {
        // Only a long pause is worth announcing; execute --wait checks twice a second.
        spinner.update(nextMs >= 1000 ? `next check in ${durationText(nextMs)} · ${state}` : state);
      },
      due: () => Infinity,
      stop: () => spinner.stop(),
    };
  }
  if (!options.lines) return { show() {}, due: () => Infinity, stop() {} };
  const { clock } = options;
  const began = clock.now();
  let last = state;
  let lastAt = began;
  options.writeLine(state);
  return {
    show(state) {
      const now = clock.now();
      if (state === last && now - lastAt < HEARTBEAT_MS) return;
      last = state;
      lastAt = now;
      options.writeLine(`${state} · ${durationText(now - began)} so far`);
    },
    due: () => Math.max(0, lastAt + HEARTBEAT_MS - clock.now()),
    stop() {},
  };
}
