/**
 * The keys of `~/.torale/config.json`: one table says, for each key, its
 * environment variable, what it does, whether it is secret, how a typed value
 * is parsed and how a value read from the file is checked. Validation,
 * `torale config`, its help and the README's key list derive from it.
 */
import { UsageError } from "../errors.ts";
import { DURATION_EXAMPLES, durationMs } from "./duration.ts";

/** Output formats a user can choose. */
const OUTPUT_FORMATS = ["table", "json", "yaml"] as const;
/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = typeof OUTPUT_FORMATS[number];

/** The hosted service. */
export const DEFAULT_API_URL = "https://api.torale.ai";
/** Request timeout when nothing sets one, in seconds. */
export const DEFAULT_TIMEOUT_S = 30;

/** `sk_` followed by 32 or more url-safe characters (real keys have 43). */
export const API_KEY_PATTERN = /^sk_[A-Za-z0-9_-]{32,}$/;

/** Why `value` is not a valid http(s) URL, or undefined when it is. */
function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "not a valid URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return "the URL must start with http:// or https://";
  }
  if (url.search || url.hash) return "the URL must not have a query or fragment";
  if (url.username || url.password) {
    return "the URL must not contain a user name or password";
  }
  return undefined;
}

/** `value` for an error message, with the password of a `user:password@` URL hidden. */
function shownUrl(value: string): string {
  return value.replace(/(\/\/[^/?#@:\s]*:)[^/?#@\s]*@/, "$1***@");
}

/**
 * Throws the usage error for an unusable API URL, naming where it came from
 * (`what`: "API URL", "TORALE_API_URL", ...) and never showing its password.
 */
export function checkUrl(what: string, value: string, hints: string[] = []): void {
  const problem = urlProblem(value);
  if (!problem) return;
  // `api.torale.ai` or `localhost:8000`: a host without its scheme.
  const bare = /^[\w.-]+(:\d+)?(\/\S*)?$/.test(value) && !/^https?:/i.test(value);
  const local = /^(localhost|127\.[\d.]+)(:|\/|$)/.test(value);
  const guess = bare ? [`Did you mean ${local ? "http" : "https"}://${value}?`] : [];
  throw new UsageError(`Invalid ${what} "${shownUrl(value)}": ${problem}`, {
    hints: [...guess, ...hints],
  });
}

/** Why `value` is not a usable timeout in seconds, or undefined. */
function timeoutProblem(value: number): string | undefined {
  if (!Number.isFinite(value) || value <= 0) {
    return "must be a positive number of seconds";
  }
  if (value > 3600) return "must be at most 3600 seconds";
  return undefined;
}

/**
 * Parses a timeout typed by the user: seconds or a duration as `--timeout` takes them (`10s`,
 * `2m`), 0 < t <= 3600 s. The result is seconds, the number the file has always held.
 */
export function parseTimeout(input: string): number {
  const ms = durationMs(input);
  const value = ms === undefined ? NaN : ms / 1000;
  const problem = ms === undefined
    ? "must be a positive number of seconds or a duration"
    : timeoutProblem(value);
  if (problem) {
    throw new UsageError(`Invalid timeout "${input}": ${problem}`, {
      hints: [`For example ${DURATION_EXAMPLES}.`],
    });
  }
  return value;
}

/** Throws the usage error for a string that is not shaped like an API key. */
function parseApiKey(input: string): string {
  if (!API_KEY_PATTERN.test(input)) {
    throw new UsageError("Invalid API key format", {
      hints: ["Expected sk_ followed by at least 32 letters, digits, _ or -."],
    });
  }
  return input;
}

/** `parse` and `problem` of a key whose value is one of `choices`. */
function oneOf<T extends string>(key: string, choices: readonly T[]) {
  const allowed = (value: unknown): value is T => (choices as readonly unknown[]).includes(value);
  return {
    parse(input: string): T {
      if (allowed(input)) return input;
      throw new UsageError(`Invalid value for ${key} "${input}"`, {
        hints: [`Expected one of: ${choices.join(", ")}`],
      });
    },
    problem: (value: unknown) =>
      allowed(value) ? undefined : ` must be one of ${choices.join(", ")}`,
  };
}

/** `api_generation`: pin the API generation, or `auto` to detect it with one GET /health. */
export const GENERATION_CHOICES = ["auto", "classic", "current"] as const;
/** One of {@link GENERATION_CHOICES}. */
export type GenerationChoice = typeof GENERATION_CHOICES[number];

const mustBeString = (value: unknown) =>
  typeof value !== "string" ? " must be a string" : undefined;

/** What the table says about one key. */
export interface KeySpec<T> {
  /** The environment variable that beats the file, if any. */
  env?: string;
  /** What the key sets, for help and `torale config`. */
  description: string;
  /** The default, in words. */
  default: string;
  /** Shown only masked. */
  secret?: boolean;
  /** Every value the key accepts, when it is a choice (offered by shell completion). */
  choices?: readonly string[];
  /** Checks and normalises a value typed by the user (`config set`); throws a UsageError. */
  parse(input: string): T;
  /** What is wrong with a value read from the file (after the quoted key), or undefined. */
  problem(value: unknown): string | undefined;
}

/** The known keys. Other keys in the file are kept untouched. */
export const CONFIG_KEY_TABLE = {
  api_key: {
    env: "TORALE_API_KEY",
    description: "the API key (sk_...), stored 0600",
    default: "none",
    secret: true,
    parse: parseApiKey,
    problem: mustBeString,
  } satisfies KeySpec<string>,
  api_url: {
    env: "TORALE_API_URL",
    description: "the API base URL",
    default: DEFAULT_API_URL,
    parse(input: string): string {
      checkUrl("value for api_url", input);
      return input.replace(/\/+$/, "");
    },
    problem: (value: unknown) => {
      if (typeof value !== "string") return " must be a string";
      const problem = urlProblem(value);
      return problem && `: ${problem}`;
    },
  } satisfies KeySpec<string>,
  api_generation: {
    env: "TORALE_API_GENERATION",
    description: "the API generation: classic, current, or auto (one GET /health when needed)",
    default: "auto",
    choices: GENERATION_CHOICES,
    ...oneOf("api_generation", GENERATION_CHOICES),
  } satisfies KeySpec<GenerationChoice>,
  output_format: {
    description: `default output: ${OUTPUT_FORMATS.join(", ")}`,
    default: "table",
    choices: OUTPUT_FORMATS,
    ...oneOf("output_format", OUTPUT_FORMATS),
  } satisfies KeySpec<OutputFormat>,
  timeout: {
    description: "request timeout in seconds, or a duration such as 10s or 2m",
    default: String(DEFAULT_TIMEOUT_S),
    parse: parseTimeout,
    problem: (value: unknown) => {
      if (typeof value !== "number") return " must be a number";
      const problem = timeoutProblem(value);
      return problem && ` ${problem}`;
    },
  } satisfies KeySpec<number>,
};

/** One of the known config keys. */
export type ConfigKey = keyof typeof CONFIG_KEY_TABLE;

/** Names of the known config keys, in the table's order. */
export const CONFIG_KEYS = Object.keys(CONFIG_KEY_TABLE) as ConfigKey[];

/** The settings the CLI understands, typed from the table. */
export type ConfigValues = {
  [K in ConfigKey]?: ReturnType<(typeof CONFIG_KEY_TABLE)[K]["parse"]>;
};

/** Whether `key` is one of the known config keys. */
export function isConfigKey(key: string): key is ConfigKey {
  return Object.hasOwn(CONFIG_KEY_TABLE, key);
}

/**
 * Checks the known keys of a parsed config object; returns the reason the
 * first bad one is wrong, or undefined when all are fine.
 */
export function configProblem(raw: Record<string, unknown>): string | undefined {
  for (const key of CONFIG_KEYS) {
    if (raw[key] === undefined) continue;
    const problem = CONFIG_KEY_TABLE[key].problem(raw[key]);
    if (problem) return `"${key}"${problem}`;
  }
  return undefined;
}

/** A new task's schedule on the classic API when none is given: daily at 09:00 UTC. */
export const DEFAULT_SCHEDULE = "0 9 * * *";
