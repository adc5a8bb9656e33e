/**
 * Text from the server (task names, answers from web pages, sources, error
 * details) is shown to people through here: control characters and bidi
 * overrides become visible escapes, so a third party's text cannot set the
 * clipboard (`ESC ]52`), retitle the window, clear the screen, overwrite a
 * line with `\r`, or reorder what is shown. `--json`/`--yaml` stay exact.
 */
import { redactKeys } from "./mask.ts";

// The bidi embeddings, overrides and isolates, and the marks that can flip a line's direction.
const BIDI = "\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069";
// C0 controls but tab and newline, DEL, C1 controls, and BIDI.
const UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${BIDI}]`, "g");

/** Anything `clean` or `redactKeys` would change. */
const SUSPECT = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${BIDI}]|sk_`);

const NAMED: Record<string, string> = { "\x1b": "\\e", "\r": "\\r" };

function escape(char: string): string {
  const code = char.codePointAt(0)!;
  return NAMED[char] ??
    (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`);
}

/** `text` with every unsafe character shown as an escape; tabs and newlines are kept. */
export function clean(text: string): string {
  return text.replace(UNSAFE, escape);
}

/**
 * A copy of `value` for people: every string cleaned and every key-shaped
 * string masked, however deep. Numbers, booleans and null pass unchanged.
 */
export function forPeople<T>(value: T): T {
  if (typeof value === "string") {
    // Most strings need nothing: one test instead of two replacements (10,000 tasks in a table).
    return (SUSPECT.test(value) ? redactKeys(clean(value)) : value) as T;
  }
  if (Array.isArray(value)) return value.map(forPeople) as T;
  if (value && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const key in value) copy[key] = forPeople((value as Record<string, unknown>)[key]);
    return copy as T;
  }
  return value;
}

/**
 * What JSON and YAML would print raw and a terminal may obey or use to reorder a line: DEL and
 * the C1 controls, the bidi characters, and the line and paragraph separators.
 */
const RAW_IN_DATA = new RegExp(`[\\u007f-\\u009f${BIDI}\\u2028\\u2029]`, "g");

/** Whether `text` holds a character {@link escapeInData} would escape. */
export function needsDataEscape(text: string): boolean {
  return text.search(RAW_IN_DATA) >= 0;
}

/**
 * JSON text (or YAML whose strings holding such characters are double-quoted) with each of
 * them written as a `\uXXXX` escape: the same data for a parser, nothing for a terminal.
 */
export function escapeInData(text: string): string {
  return text.replace(
    RAW_IN_DATA,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The longest line an error message shows of a value the user or server supplied. */
const MAX_LINE = 500;

/** `text` with every line over 500 characters cut, saying how much was left out. */
export function capLines(text: string): string {
  return text.split("\n").map((line) =>
    line.length <= MAX_LINE
      ? line
      : `${line.slice(0, MAX_LINE)}… (${line.length - MAX_LINE} more characters)`
  ).join("\n");
}
