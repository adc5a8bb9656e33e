/**
 * Makes two servers' answers comparable: ids, times, keys, secrets, user ids and ports are
 * replaced by placeholders, so what is left differs only where the servers behave differently.
 */

/** One recorded step: what a request or a CLI run produced. */
export interface Outcome {
  /** HTTP status, or the CLI's exit code. */
  status: number;
  /** Only the headers worth comparing (lower-case names). */
  headers: Record<string, string>;
  /** The parsed JSON body or stdout, else its text (null when empty). */
  body: unknown;
  /** The CLI's stderr (CLI steps only). */
  stderr?: string;
}

/** What the normaliser knows about one side: its base URL and the values it saved by name. */
export interface SideContext {
  /** Base URL of the server, e.g. http://127.0.0.1:18700. */
  baseUrl: string;
  /** Saved values (task ids, user ids, key ids, codes) by name: each becomes `<name>`. */
  vars: Record<string, string>;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const UUID_ONLY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME =
  /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?(?![\d:.])/g;
const RFC_2822 = /\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]?\w+/g;
const FULL_KEY = /\bsk_[A-Za-z0-9_-]{40,}/g;
const KEY_PREFIX = /\bsk_[A-Za-z0-9_-]{12}\.\.\./g;
const MASKED_KEY = /\bsk_\.\.\.[A-Za-z0-9_-]{5}\b/g;
const TOKEN = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;
const LOOPBACK = /\b(127\.0\.0\.1|localhost|\[::1\]):\d+/g;
const RELATIVE =
  /\b(in (\d+|an?) (second|minute|hour|day)s?|(\d+|an?) (second|minute|hour|day)s? (ago|from now))\b/g;
const DURATION = /\b\d+(\.\d+)? ?(ms|s)\b/g;

/**
 * The counts of `torale public stats` (text): users in each server's database, as the JSON's
 * current_users and available_slots, which differ with whoever else signed up.
 */
const USER_COUNTS = /^(Users|Places left):( +)\d+$/gm;

/** Keys whose value says when or how long something happened: compared only for presence. */
const VOLATILE_KEYS = new Set(["t", "duration_ms", "position", "current_users", "available_slots"]);

/** Normalises one string of a side's output. */
export function normaliseText(text: string, side: SideContext): string {
  let out = text;
  const named = Object.entries(side.vars).filter(([, value]) => value.length >= 6)
    .sort((a, b) => b[1].length - a[1].length);
  for (const [name, value] of named) out = out.split(value).join(`<${name}>`);
  if (side.baseUrl) out = out.split(side.baseUrl.replace(/\/$/, "")).join("<server>");
  out = out
    .replace(FULL_KEY, "<key>")
    .replace(KEY_PREFIX, "<key-prefix>")
    .replace(MASKED_KEY, "sk_...<masked>")
    .replace(UUID, "<uuid>");
  // The CLI's short ids: the first 8 characters of a saved id.
  for (const [name, value] of named) {
    if (!UUID_ONLY.test(value)) continue;
    out = out.replace(new RegExp(`\\b${value.slice(0, 8)}\\b`, "g"), `<${name}:short>`);
  }
  return out
    .replace(ISO_TIME, "<time>")
    .replace(RFC_2822, "<date>")
    .replace(TOKEN, "<token>")
    .replace(LOOPBACK, "<loopback>")
    .replace(RELATIVE, "<relative-time>")
    .replace(DURATION, "<duration>")
    .replace(USER_COUNTS, "$1:$2<n>");
}

/** Normalises any JSON value, string by string; volatile numbers become `<n>`. */
export function normaliseValue(value: unknown, side: SideContext, key = ""): unknown {
  if (typeof value === "string") return normaliseText(value, side);
  if (typeof value === "number" && VOLATILE_KEYS.has(key)) return "<n>";
  if (Array.isArray(value)) return value.map((item) => normaliseValue(item, side));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normaliseValue(v, side, k);
    return out;
  }
  return value;
}

/** A step's outcome with every side-specific value replaced by a placeholder. */
export function normaliseOutcome(outcome: Outcome, side: SideContext): Outcome {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(outcome.headers)) {
    headers[name] = normaliseText(value, side);
  }
  const out: Outcome = {
    status: outcome.status,
    headers,
    body: normaliseValue(outcome.body, side),
  };
  if (outcome.stderr !== undefined) out.stderr = normaliseText(outcome.stderr, side);
  return out;
}
