/**
 * The rules of the monitors file's values. Where the JSON Schema (schema/torale.schema.json)
 * states a rule as a pattern, this module tests that very pattern, so `torale schema` and
 * `torale plan` cannot drift apart; what a pattern cannot say is checked here on top of it and
 * named in the schema's descriptions.
 */
import schema from "../../../schema/torale.schema.json" with { type: "json" };
import { TOOLKIT_SLUG_PATTERN } from "../../api/connectors.ts";
import { cronProblem } from "../task/cron.ts";

const defs = schema.$defs;
const fields = defs.task.properties;
// JSON Schema patterns are ECMA-262 with Unicode semantics (the "u" flag), as validators use them.
const TEXT = new RegExp(defs.text.pattern, "u");
const CRON = new RegExp(fields.schedule.pattern, "u");
const WEBHOOK = new RegExp(fields.notify.properties.webhook.pattern, "u");
// The schema's item pattern is generated from this same constant.
const TOOLKIT = new RegExp(TOOLKIT_SLUG_PATTERN, "u");

/**
 * How deep a context may nest. The CLI refuses answers nested over 256 levels (a task list
 * wraps the context in two more), so a deeper context could be created but never read back.
 */
export const MAX_CONTEXT_DEPTH = 64;

/**
 * Why the service cannot store `text` as written, or undefined. NUL: Postgres text refuses
 * it. A lone surrogate (half of a UTF-16 pair, e.g. from "\ud800") has no UTF-8 form.
 */
export function textProblem(text: string): string | undefined {
  if (TEXT.test(text)) return undefined;
  return text.includes("\0")
    ? "contains a NUL character (U+0000), which the service cannot store"
    : "contains a lone surrogate (half of a UTF-16 pair, such as \\ud800), which is not text the service can store";
}

/**
 * Whether arrays and objects nest in `value` deeper than `limit` (a scalar is 0 deep). It looks
 * no further than that, so an alias that contains itself (endless nesting) is deep, not a hang.
 */
export function nestsDeeper(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== "object") return false;
  if (limit === 0) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => nestsDeeper(child, limit - 1));
}

/**
 * The first value in a context (already no deeper than MAX_CONTEXT_DEPTH) that JSON or the
 * service cannot hold, as [path, problem]: text with NUL or a lone surrogate (keys too), or
 * a number JSON has no form for (YAML's .inf and .nan, which would be sent as null).
 */
export function contextProblem(value: unknown, path = ""): [string, string] | undefined {
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem ? [path, problem] : undefined;
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    return [path, `${value} is not a JSON number (JSON has no infinity or NaN)`];
  }
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, child] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${JSON.stringify(key)}`;
    const keyProblem = Array.isArray(value) ? undefined : textProblem(key);
    if (keyProblem) return [at, `the key ${keyProblem}`];
    const found = contextProblem(child, at);
    if (found) return found;
  }
  return undefined;
}

/** Why `text` is not a webhook URL the service takes, or undefined. */
export function webhookProblem(text: string): string | undefined {
  if (text !== text.trim()) return "must not start or end with spaces";
  if (/^https:\/\//i.test(text) && !text.startsWith("https://")) {
    return "must start with https:// in lower case: the service checks that prefix exactly";
  }
  if (!WEBHOOK.test(text)) return "must be an https:// URL with a host and no spaces";
  try {
    new URL(text);
    return undefined;
  } catch {
    return "is not a URL (the WHATWG URL standard refuses it)";
  }
}

const CRON_FORMS =
  "numbers, names (JAN, MON), *, ranges (1-5), steps (*/15), lists (1,15), and ? L W # in the day fields";

/** Why `expression` is not a schedule a monitors file may give, or undefined. */
export async function scheduleProblem(expression: string): Promise<string | undefined> {
  const problem = await cronProblem(expression);
  if (problem) return problem;
  if (!CRON.test(expression)) {
    return `uses a form outside the cron the schema allows: ${CRON_FORMS}, values in range`;
  }
  return undefined;
}

/** Why `slug` is not a toolkit slug, or undefined. */
export function connectorProblem(slug: string): string | undefined {
  return TOOLKIT.test(slug)
    ? undefined
    : `"${slug}" is not a toolkit slug (lowercase, such as notion, linear or github: torale connectors available)`;
}
