/** The keys of `~/.torale/config.json` and how each is validated. */
import { UsageError } from "../errors.ts";

/** Output formats a user can choose. */
export const OUTPUT_FORMATS = ["table", "json", "yaml"] as const;
/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = typeof OUTPUT_FORMATS[number];

/** The settings the CLI understands; other keys in the file are kept untouched. */
export interface ConfigValues {
  api_key?: string;
  api_url?: string;
  output_format?: OutputFormat;
  timeout?: number;
}

/** Names of the known config keys. */
export const CONFIG_KEYS = [
  "api_key",
  "api_url",
  "output_format",
  "timeout",
] as const;
/** One of {@link CONFIG_KEYS}. */
export type ConfigKey = typeof CONFIG_KEYS[number];

/** `sk_` followed by 32 or more url-safe characters (real keys have 43). */
export const API_KEY_PATTERN = /^sk_[A-Za-z0-9_-]{32,}$/;

/** Whether `key` is one of the known config keys. */
export function isConfigKey(key: string): key is ConfigKey {
  return (CONFIG_KEYS as readonly string[]).includes(key);
}

/** Why `value` is not a valid http(s) URL, or undefined when it is. */
export function urlProblem(value: string): string | undefined {
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
  if (problem) throw new UsageError(`Invalid ${what} "${shownUrl(value)}": ${problem}`, { hints });
}

/** Why `value` is not a usable timeout in seconds, or undefined. */
export function timeoutProblem(value: number): string | undefined {
  if (!Number.isFinite(value) || value <= 0) {
    return "must be a positive number of seconds";
  }
  if (value > 3600) return "must be at most 3600 seconds";
  return undefined;
}

/**
 * Checks the known keys of a parsed config object; returns the reason the
 * first bad one is wrong, or undefined when all are fine.
 */
export function configProblem(raw: Record<string, unknown>): string | undefined {
  const { api_key, api_url, output_format, timeout } = raw;
  if (api_key !== undefined && typeof api_key !== "string") {
    return `"api_key" must be a string`;
  }
  if (api_url !== undefined) {
    if (typeof api_url !== "string") return `"api_url" must be a string`;
    const problem = urlProblem(api_url);
    if (problem) return `"api_url": ${problem}`;
  }
  if (
    output_format !== undefined &&
    !(OUTPUT_FORMATS as readonly unknown[]).includes(output_format)
  ) {
    return `"output_format" must be one of ${OUTPUT_FORMATS.join(", ")}`;
  }
  if (timeout !== undefined) {
    if (typeof timeout !== "number") return `"timeout" must be a number`;
    const problem = timeoutProblem(timeout);
    if (problem) return `"timeout" ${problem}`;
  }
  return undefined;
}

/** The model the reference SDK and CLI send in a task's `config`. */
export const DEFAULT_MODEL = "gemini-2.0-flash-exp";
