/**
 * Durations typed by people, as `timeout(1)` and Go take them: `90s`, `15m`, `2h`, `1h30m`,
 * `500ms`, `1d`; a bare number is seconds (`--timeout 30` as before).
 */
import { UsageError } from "../errors.ts";

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const BARE = /^\d+(?:\.\d+)?$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;

/** What a duration looks like, for the hints of errors. */
export const DURATION_EXAMPLES = "90s, 15m, 2h or 1h30m (a bare number is seconds)";

/** Milliseconds of a duration, or undefined when `input` is not one (or is not above zero). */
export function durationMs(input: string): number | undefined {
  const text = input.trim().toLowerCase();
  if (BARE.test(text)) {
    const ms = Number(text) * 1000;
    return ms > 0 ? ms : undefined;
  }
  if (text === "") return undefined;
  PART.lastIndex = 0;
  let total = 0;
  let end = 0;
  for (const match of text.matchAll(PART)) {
    total += Number(match[1]) * UNIT_MS[match[2]];
    end = match.index + match[0].length;
  }
  return end === text.length && total > 0 && Number.isFinite(total) ? total : undefined;
}

/** Milliseconds of the duration given to `flag`; a usage error with an example otherwise. */
export function parseDuration(input: string, flag: string): number {
  const ms = durationMs(input);
  if (ms === undefined) {
    throw new UsageError(`Invalid duration "${input}" for ${flag}`, {
      hints: [`Give a duration above zero, such as ${DURATION_EXAMPLES}.`],
    });
  }
  return ms;
}

/** A duration in the shortest words: `800 ms`, `20 s`, `1 min 30 s`, `2 h`. */
export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 100) / 10;
  if (seconds < 60) return `${seconds} s`;
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const min = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return [h && `${h} h`, min && `${min} min`, s && `${s} s`].filter(Boolean).join(" ");
}
