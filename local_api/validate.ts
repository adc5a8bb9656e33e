/**
 * FastAPI/pydantic-shaped request validation: the 422 list of torale-api.md §3.0 and
 * torale-api-current.md §2.1.
 */

/** One entry of a 422 `detail` list. */
export interface Issue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

/** A field rule. */
export type Rule =
  | { kind: "string" }
  | { kind: "bool" }
  | { kind: "laxBool" }
  | { kind: "int" }
  | { kind: "strings" }
  | { kind: "dict" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "notifications" };

/** A body schema: field name → rule and whether it is required. */
export type Schema = Record<string, { rule: Rule; required?: boolean; nullable?: boolean }>;

function quoteList(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length <= 1
    ? quoted.join("")
    : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

/** The issues of one value against a rule; `loc` says where the value came from. */
export function checkValue(rule: Rule, value: unknown, loc: (string | number)[]): Issue[] {
  switch (rule.kind) {
    case "string":
      return typeof value === "string"
        ? []
        : [{ type: "string_type", loc, msg: "Input should be a valid string", input: value }];
    case "bool":
      return typeof value === "boolean"
        ? []
        : [{ type: "bool_type", loc, msg: "Input should be a valid boolean", input: value }];
    case "laxBool": {
      if (laxBool(value) !== undefined) return [];
      return typeof value === "string" || typeof value === "number"
        ? [{
          type: "bool_parsing",
          loc,
          msg: "Input should be a valid boolean, unable to interpret input",
          input: value,
        }]
        : [{ type: "bool_type", loc, msg: "Input should be a valid boolean", input: value }];
    }
    case "strings":
      if (!Array.isArray(value)) {
        return [{ type: "list_type", loc, msg: "Input should be a valid list", input: value }];
      }
      return value.flatMap((item, i) => checkValue({ kind: "string" }, item, [...loc, i]));
    case "int":
      return Number.isInteger(value)
        ? []
        : [{ type: "int_type", loc, msg: "Input should be a valid integer", input: value }];
    case "dict":
      return typeof value === "object" && value !== null && !Array.isArray(value)
        ? []
        : [{ type: "dict_type", loc, msg: "Input should be a valid dictionary", input: value }];
    case "enum": {
      if (typeof value === "string" && rule.values.includes(value)) return [];
      const expected = quoteList(rule.values);
      return [{
        type: "enum",
        loc,
        msg: `Input should be ${expected}`,
        input: value,
        ctx: { expected },
      }];
    }
    case "notifications": {
      if (!Array.isArray(value)) {
        return [{ type: "list_type", loc, msg: "Input should be a valid list", input: value }];
      }
      const issues: Issue[] = [];
      value.forEach((item, i) => {
        if (typeof item !== "object" || item === null || Array.isArray(item)) {
          issues.push({
            type: "model_type",
            loc: [...loc, i],
            msg: "Input should be a valid dictionary or instance of NotificationConfig",
            input: item,
          });
          return;
        }
        const type = (item as Record<string, unknown>).type;
        if (type === undefined) {
          issues.push({
            type: "missing",
            loc: [...loc, i, "type"],
            msg: "Field required",
            input: item,
          });
        } else if (type !== "email" && type !== "webhook") {
          issues.push({
            type: "literal_error",
            loc: [...loc, i, "type"],
            msg: "Input should be 'email' or 'webhook'",
            input: type,
            ctx: { expected: "'email' or 'webhook'" },
          });
        }
        for (const key of ["address", "template", "url", "method"]) {
          const v = (item as Record<string, unknown>)[key];
          if (v !== undefined && v !== null && typeof v !== "string") {
            issues.push({
              type: "string_type",
              loc: [...loc, i, key],
              msg: "Input should be a valid string",
              input: v,
            });
          }
        }
      });
      return issues;
    }
  }
}

/**
 * Validates a parsed JSON body against a schema; returns the issues (empty when valid).
 * With `nul: false` a NUL in a string is no issue here (see `nulIssues`).
 */
export function validateBody(
  body: unknown,
  schema: Schema,
  options: { nul?: boolean } = {},
): Issue[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return [{
      type: "model_attributes_type",
      loc: ["body"],
      msg: "Input should be a valid dictionary or object to extract fields from",
      input: body,
    }];
  }
  const record = body as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const [field, spec] of Object.entries(schema)) {
    const value = record[field];
    if (value === undefined) {
      if (spec.required) {
        issues.push({ type: "missing", loc: ["body", field], msg: "Field required", input: body });
      }
      continue;
    }
    if (value === null && spec.nullable) continue;
    const wrong = checkValue(spec.rule, value, ["body", field]);
    const unstorable = wrong.length ? [] : unstorableText(value, ["body", field]);
    issues.push(...wrong, ...unstorable.filter((issue) => options.nul !== false || !isNul(issue)));
  }
  return issues;
}

function isNul(issue: Issue): boolean {
  return issue.type === "value_error";
}

/**
 * The NUL issues of a body that passed `validateBody(…, { nul: false })`. Upstream accepts
 * NUL and fails on the INSERT (a 500) after its rate limiter counted the request; a route
 * with a limit checks them once the limit has counted it.
 */
export function nulIssues(body: Record<string, unknown>, schema: Schema): Issue[] {
  return Object.keys(schema).flatMap((field) =>
    body[field] === undefined ? [] : unstorableText(body[field], ["body", field]).filter(isNul)
  );
}

/**
 * The strings in `value` (object keys included) that the database would not keep as sent,
 * so that nothing is stored changed. A lone surrogate has no UTF-8 form: pydantic's
 * `string_unicode`. NUL: Postgres TEXT refuses it (an unhandled 500 upstream) and SQLite
 * reads text only up to it, so a 422 naming the field.
 */
export function unstorableText(value: unknown, loc: (string | number)[]): Issue[] {
  if (typeof value === "string") return textIssues(value, loc);
  if (Array.isArray(value)) return value.flatMap((item, i) => unstorableText(item, [...loc, i]));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...textIssues(key, [...loc, key]),
    ...unstorableText(item, [...loc, key]),
  ]);
}

function textIssues(text: string, loc: (string | number)[]): Issue[] {
  if (!text.isWellFormed()) {
    return [{
      type: "string_unicode",
      loc,
      msg: "Input should be a valid string, unable to parse raw data as a unicode string",
      input: text,
    }];
  }
  if (!text.includes("\0")) return [];
  return [{
    type: "value_error",
    loc,
    msg: "Value error, text must not contain NUL characters",
    input: text,
    ctx: { error: {} },
  }];
}

const TRUE = ["1", "on", "t", "true", "y", "yes"];
const FALSE = ["0", "off", "f", "false", "n", "no"];

/** pydantic's lax boolean: true/false, 0/1, or one of its words; undefined for anything else. */
export function laxBool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value !== "string") return undefined;
  const word = value.trim().toLowerCase();
  return TRUE.includes(word) ? true : FALSE.includes(word) ? false : undefined;
}

/**
 * An integer query parameter (`fallback` when absent), or the 422 issue: `int_parsing`, or
 * the bounds' `greater_than_equal` / `less_than_equal`.
 */
export function queryInt(
  raw: string | undefined,
  options: { name: string; fallback: number; min?: number; max?: number },
): number | Issue {
  const loc = ["query", options.name];
  if (raw === undefined) return options.fallback;
  if (!/^-?\d+$/.test(raw.trim())) {
    return {
      type: "int_parsing",
      loc,
      msg: "Input should be a valid integer, unable to parse string as an integer",
      input: raw,
    };
  }
  const value = Number(raw);
  const bounds = [
    [options.min, "greater_than_equal", "greater than or equal to", "ge"],
    [options.max, "less_than_equal", "less than or equal to", "le"],
  ] as const;
  for (const [bound, type, words, key] of bounds) {
    if (bound === undefined || (key === "ge" ? value >= bound : value <= bound)) continue;
    return {
      type,
      loc,
      msg: `Input should be ${words} ${bound}`,
      input: raw,
      ctx: { [key]: bound },
    };
  }
  return value;
}

export { parseUuid } from "./uuid.ts";
