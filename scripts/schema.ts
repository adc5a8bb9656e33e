/**
 * `deno task schema`: writes schema/torale.schema.json, the JSON Schema of the monitors file
 * that `torale schema` prints. Generated because some rules are long to write by hand: the
 * cron pattern (each field's values in range) and the context depth (a JSON Schema cannot
 * count levels, so each level is a definition). With `--check` it writes nothing and exits 1
 * when the file differs (tests/unit/monitors_schema_test.ts runs the same check).
 * src/commands/monitors/file_rules.ts tests these same patterns for `torale plan`.
 */
import { join } from "node:path";
import { TOOLKIT_SLUG_PATTERN } from "../src/api/connectors.ts";
import { MAX_CONTEXT_DEPTH } from "../src/commands/monitors/file_rules.ts";

/** Where the schema is committed. */
export const SCHEMA_FILE = join(import.meta.dirname!, "..", "schema", "torale.schema.json");

/** `word` in any letter case, as a pattern (JSON Schema patterns have no i flag). */
const ci = (word: string) =>
  [...word].map((c) => /[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c).join("");
const alt = (...choices: string[]) => `(?:${choices.join("|")})`;

/**
 * One cron field: a list of items, each a value, or * or a range with an optional step
 * (croner refuses a step after a single value), plus the field's own forms.
 */
function field(value: string, step: string, extra: string[] = [], alone: string[] = []) {
  const item = alt(`${alt("\\*", `${value}-${value}`)}(?:/${step})?`, value, ...extra);
  return alt(...alone, `${item}(?:,${item})*`);
}

/** The schema's text, formatted as deno fmt leaves it. */
export function schemaText(): string {
  const MONTHS = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
  ].map(ci);
  const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].map(ci);
  const minute = "0*(?:[1-5]?[0-9])";
  const hour = "0*(?:1?[0-9]|2[0-3])";
  const dom = "0*(?:[1-9]|[12][0-9]|3[01])";
  const month = alt("0*(?:[1-9]|1[0-2])", ...MONTHS);
  const dow = alt("0*[0-7]", ...DAYS);
  const steps = {
    minute: "0*(?:[1-9]|[1-5][0-9]|60)",
    hour: "0*(?:[1-9]|1[0-9]|2[0-4])",
    dom: "0*(?:[1-9]|[12][0-9]|3[01])",
    month: "0*(?:[1-9]|1[0-2])",
    dow: "0*[1-7]",
  };
  const L = "[Ll]", W = "[Ww]";
  const fields = [
    field(minute, steps.minute),
    field(hour, steps.hour),
    field(dom, steps.dom, [L, `${dom}${W}`], ["\\?", `${L}${W}`]),
    field(month, steps.month),
    field(dow, steps.dow, [`${dow}${L}`, `${dow}#0*[1-5]`], ["\\?"]),
  ];
  const cron = `^[ \\t]*${fields.join("[ \\t]+")}[ \\t]*$`;

  const TEXT = "^[^\\u0000\\uD800-\\uDFFF]*$";
  const port =
    "0*(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])";
  const webhook =
    `^https://(?:[^\\s/?#@\\\\]*@)?(?:\\[[0-9A-Fa-f:.]+\\]|[^\\s/?#@\\\\:\\[\\]%<>^|]+)(?::${port}?)?(?:[/?#]\\S*)?$`;
  const DEPTH = MAX_CONTEXT_DEPTH;
  const defs: Record<string, unknown> = {
    text: {
      description:
        "Text the service can store: no NUL character (U+0000) and no lone surrogate (half of a UTF-16 pair, which has no UTF-8 form).",
      type: "string",
      pattern: TEXT,
    },
    nonBlankText: {
      description: "Text with at least one character that is not white space.",
      $ref: "#/$defs/text",
      type: "string",
      pattern: "\\S",
    },
  };
  const task = {
    type: "object",
    additionalProperties: false,
    required: ["query", "condition"],
    properties: {
      query: {
        description: "The search query the service runs (kept exactly as written).",
        $ref: "#/$defs/nonBlankText",
      },
      condition: {
        description: "The condition that triggers a notification (kept exactly as written).",
        $ref: "#/$defs/nonBlankText",
      },
      state: {
        description:
          "active (the default) or paused. completed only matches a task the service completed: torale plan also refuses it for a task the account does not have yet or has active or paused (a schema cannot see the account).",
        enum: ["active", "paused", "completed"],
      },
      notify: {
        description: "Where to send a notification when the condition is met.",
        type: "object",
        additionalProperties: false,
        properties: {
          email: {
            description: "An email address: one @ and a dotted domain, no spaces.",
            $ref: "#/$defs/text",
            type: "string",
            pattern: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
          },
          webhook: {
            description:
              "An https:// URL with a host and no spaces; https in lower case, as the service checks that prefix exactly (it refuses HTTPS://). torale plan also parses it as a URL (the WHATWG URL standard), which refuses what a pattern does not see, such as an IPv4 address with a part over 255 (https://1.2.3.999/).",
            $ref: "#/$defs/text",
            type: "string",
            pattern: webhook,
          },
        },
      },
      schedule: {
        description:
          "Classic API only: a 5-field cron expression (UTC): minute, hour, day of month, month, day of week, separated by spaces or tabs; numbers, names (JAN, MON), *, ranges (1-5), steps (*/15, 1-30/5), lists (1,15), ? and L, W, # in the day fields. torale plan also refuses what a pattern cannot see: a range written backwards (5-1) and a schedule that never fires (0 0 31 2 *). Ignored on the current API.",
        $ref: "#/$defs/text",
        type: "string",
        pattern: cron,
      },
      notify_behavior: {
        description: "Classic API only. Ignored on the current API.",
        enum: ["once", "always", "track_state"],
      },
      connectors: {
        description:
          "Current API only: the toolkits the task's agent may read (torale connectors available), each at most once; none when left out or empty. torale plan also refuses one that is not an active connection of the account (torale connectors list) when a change would send it, and refuses a file that names any on the classic API.",
        type: "array",
        uniqueItems: true,
        items: { type: "string", pattern: TOOLKIT_SLUG_PATTERN },
      },
      context: {
        description:
          `Current API only: an object passed through to webhooks, nested at most ${DEPTH} levels deep (the object itself is the first), its text as the service can store it (no NUL, no lone surrogate, in keys too). Ignored on the classic API.`,
        type: "object",
        propertyNames: { $ref: "#/$defs/text" },
        additionalProperties: { $ref: "#/$defs/context_2" },
      },
    },
  };
  defs.task = task;
  defs.context_value = {
    description:
      "A value inside a context: any JSON value, its text (keys too) as the service can store it.",
    type: ["object", "array", "string", "number", "boolean", "null"],
    pattern: TEXT,
    propertyNames: { $ref: "#/$defs/text" },
  };
  for (let level = 2; level <= DEPTH; level++) {
    defs[`context_${level}`] = {
      $ref: "#/$defs/context_value",
      type: ["object", "array", "string", "number", "boolean", "null"],
      additionalProperties: { $ref: `#/$defs/context_${level + 1}` },
      items: { $ref: `#/$defs/context_${level + 1}` },
    };
  }
  defs[`context_${DEPTH + 1}`] = {
    $comment: `A value at depth ${DEPTH + 1} of a context: no more nesting.`,
    $ref: "#/$defs/context_value",
    type: ["string", "number", "boolean", "null"],
  };
  const schemaDoc = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://github.com/torale/cli/schema/torale.schema.json",
    title: "Torale monitors file (torale.yaml)",
    description: [
      "The tasks that should exist in a Torale account, for torale plan and torale apply. Printed by `torale schema`.",
      "torale plan checks everything here, and these rules that a JSON Schema cannot state (it sees the data a YAML or JSON reader made, not the file):",
      "the file is UTF-8;",
      'a task name is the text written: a key that YAML reads as something else (007, 3.10, 0x10, 1e3, .inf, ~) must be quoted ("007");',
      'names are unique as text (1 and "1" are the same name; a reader keeps only one of them);',
      "merge keys (<<) are refused: write the fields out;",
      "values are JSON (no .inf or .nan);",
      'and the per-field rules that say "torale plan also" (state, schedule, webhook).',
    ].join(" "),
    type: "object",
    additionalProperties: false,
    required: ["version"],
    properties: {
      version: { description: "The version of this format: 1.", const: 1 },
      tasks: {
        description:
          "Tasks keyed by their name (unique in the file and in the account; not blank).",
        type: ["object", "null"],
        propertyNames: { $ref: "#/$defs/nonBlankText" },
        additionalProperties: { $ref: "#/$defs/task" },
      },
    },
    $defs: defs,
  };
  return JSON.stringify(schemaDoc, null, 2)
    // Lists of words and lone $refs on one line, as deno fmt keeps them.
    .replace(
      /\[\n\s*("[^"\n]*"(?:,\n\s*"[^"\n]*")*)\n\s*\]/g,
      (_match, items: string) => `[${items.replace(/,\n\s*/g, ", ")}]`,
    )
    .replace(/\{\n\s*("\$ref": "[^"]*")\n\s*\}/g, "{ $1 }") + "\n";
}

if (import.meta.main) {
  const text = schemaText();
  if (Deno.args.includes("--check")) {
    if ((await Deno.readTextFile(SCHEMA_FILE)) !== text) {
      console.error("schema/torale.schema.json is out of date: run deno task schema");
      Deno.exit(1);
    }
  } else {
    await Deno.writeTextFile(SCHEMA_FILE, text);
  }
}
