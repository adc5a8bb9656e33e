/**
 * The monitors file (`torale.yaml`, YAML or JSON): parsing and validation, every problem
 * located at file:line:column and field. The shape is the JSON Schema in
 * schema/torale.schema.json; this module enforces it (the values' rules, with the schema's
 * own patterns, are in file_rules.ts) and what a schema cannot see, which its descriptions name.
 */
import { isEmailAddress } from "../../api/emails.ts";
import { UsageError } from "../../errors.ts";
import { yamlPackage } from "../../output/render.ts";
import {
  connectorProblem,
  contextProblem,
  MAX_CONTEXT_DEPTH,
  nestsDeeper,
  scheduleProblem,
  textProblem,
  webhookProblem,
} from "./file_rules.ts";

/** One task as the file declares it. */
export interface MonitorSpec {
  name: string;
  query: string;
  condition: string;
  /** `completed` is the service's: it only matches a task the service completed. */
  state: "active" | "paused" | "completed";
  notify: { email?: string; webhook?: string };
  /** Classic API only. */
  schedule?: string;
  /** Classic API only. */
  notify_behavior?: "once" | "always" | "track_state";
  /** Current API only: passed through to webhooks. */
  context?: Record<string, unknown>;
  /** Current API only: toolkit slugs the agent may read; left out when none. */
  connectors?: string[];
}

/** A parsed monitors file. */
export interface MonitorFile {
  version: 1;
  tasks: MonitorSpec[];
}

/** The fields a task may have, and what each must be. */
const TASK_FIELDS: Record<
  string,
  "string" | "state" | "notify" | "behavior" | "object" | "slugs"
> = {
  query: "string",
  condition: "string",
  state: "state",
  notify: "notify",
  schedule: "string",
  notify_behavior: "behavior",
  context: "object",
  connectors: "slugs",
};
const NOTIFY_FIELDS = ["email", "webhook"];
const STATES = ["active", "paused", "completed"];
const BEHAVIORS = ["once", "always", "track_state"];

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** " (did you mean "x"?)" when one known word is close to `word`. */
export function closeMatch(word: string, known: readonly string[]): string {
  const best = known.map((k) => [k, distance(word.toLowerCase(), k)] as const)
    .sort((a, b) => a[1] - b[1])[0];
  return best && best[1] <= Math.max(1, Math.floor(best[0].length / 3))
    ? ` (did you mean "${best[0]}"?)`
    : "";
}

/**
 * A key as the name it was written as. YAML reads `007:` as the number 7 and `TRUE:` as a
 * boolean: taking the value would name a task `7` (and `apply --prune` would then delete the
 * real `007`). A key whose value reads back as exactly what was written (`2026:`, `true:`) is
 * that text; any other is refused with the advice to quote it.
 */
function keyText(key: Node, refuse: (problem: string) => never): string {
  if (typeof key.value === "string") return key.value;
  const written = typeof key.source === "string" ? key.source : "";
  if (key.value === null && written === "") return "";
  if (String(key.value) === written) return written;
  const read = key.value === null ? "null" : `the ${typeof key.value} ${String(key.value)}`;
  return refuse(
    `${JSON.stringify(written)} is read by YAML as ${read}, not as the text written: quote it (${
      JSON.stringify(written)
    }:) to use it as a name`,
  );
}

type Yaml = Awaited<ReturnType<typeof yamlPackage>>;
// deno-lint-ignore no-explicit-any
type Node = any;

/** Parses and validates `text`, read from `file`; a problem is a UsageError (exit 2). */
export async function parseMonitorFile(text: string, file: string): Promise<MonitorFile> {
  const yaml: Yaml = await yamlPackage();
  const lines = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const at = (node: Node | undefined) => {
    const offset = node?.range?.[0];
    if (typeof offset !== "number") return `${file}`;
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const fail = (node: Node | undefined, field: string, problem: string): never => {
    throw new UsageError(`${at(node)}: ${field ? `${field}: ` : ""}${problem}`, {
      hints: ["The format: torale schema (a JSON Schema), or the README's Monitors as code."],
    });
  };
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const where = error.linePos?.[0];
    const firstLine = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    const twice = /unique/i.test(firstLine);
    throw new UsageError(
      `${file}${where ? `:${where.line}:${where.col}` : ""}: ${
        twice ? `a name or field appears twice (${firstLine})` : firstLine
      }`,
      { hints: [twice ? "Names must be unique in the file." : "Check the YAML syntax there."] },
    );
  }
  // An alias (`*name`) stands for the node its anchor marks.
  const deref = (node: Node): Node => yaml.isAlias(node) ? node.resolve(doc) : node;
  const root = deref(doc.contents);
  if (!yaml.isMap(root)) fail(root, "", "expected a mapping with version and tasks");
  /** The entries of `map`: each key as text (plain scalars only), its value, its key node. */
  const pairs = (map: Node): [string, Node, Node][] =>
    map.items.map((pair: Node) => {
      const key = deref(pair.key);
      // `<<` merges a mapping in YAML 1.1 (a symbol), and is a plain `<<` key in YAML 1.2;
      // quoted, it is the name `<<` (as export writes it).
      const merge = key?.value === "<<" && key.type === "PLAIN";
      if (yaml.isScalar(key) && (typeof key.value === "symbol" || merge)) {
        fail(pair.key, "", "merge keys (<<) are not supported: write the fields out");
      }
      if (!yaml.isScalar(key) || (key.value !== null && typeof key.value === "object")) {
        fail(pair.key, "", "a name or field must be plain text, not a list or mapping");
      }
      return [keyText(key, (problem) => fail(pair.key, "", problem)), deref(pair.value), pair.key];
    });
  let version: Node;
  let tasks: Node;
  for (const [key, value, keyNode] of pairs(root)) {
    if (key === "version") version = value;
    else if (key === "tasks") tasks = value;
    else fail(keyNode, key, `unknown field${closeMatch(key, ["version", "tasks"])}`);
  }
  if (!version) fail(root, "version", "missing: the file must say version: 1");
  if (!yaml.isScalar(version) || version.value !== 1) {
    fail(
      version,
      "version",
      `must be 1 (the only version of this format), not ${JSON.stringify(version?.toJSON?.())}`,
    );
  }
  if (tasks === undefined || tasks === null || (yaml.isScalar(tasks) && tasks.value === null)) {
    return { version: 1, tasks: [] };
  }
  if (!yaml.isMap(tasks)) fail(tasks, "tasks", "must be a mapping of task names to tasks");
  const specs: MonitorSpec[] = [];
  const seen = new Set<string>();
  for (const [name, body, nameNode] of pairs(tasks)) {
    const field = (f: string) => `tasks."${name}".${f}`;
    if (!name.trim()) fail(nameNode, "tasks", "a task name must not be empty");
    const nameProblem = textProblem(name);
    if (nameProblem) fail(nameNode, "tasks", `the name ${JSON.stringify(name)} ${nameProblem}`);
    // `1:` and `"1":` are different keys to YAML and the same name to Torale.
    if (seen.has(name)) fail(nameNode, "tasks", `the name "${name}" is given twice`);
    seen.add(name);
    if (!yaml.isMap(body)) {
      fail(body ?? nameNode, `tasks."${name}"`, "must be a mapping (query, condition, …)");
    }
    const spec: Partial<MonitorSpec> & { name: string } = { name, state: "active", notify: {} };
    for (const [key, value, keyNode] of pairs(body)) {
      const kind = TASK_FIELDS[key];
      if (!kind) {
        fail(keyNode, field(key), `unknown field${closeMatch(key, Object.keys(TASK_FIELDS))}`);
      }
      let plain: Node;
      try {
        plain = value?.toJS?.(doc) ?? value;
      } catch (error) {
        // yaml refuses aliases that would expand past its limit (a "billion laughs" file).
        fail(value, field(key), (error as Error).message);
      }
      if (kind === "string" || kind === "state" || kind === "behavior") {
        if (typeof plain !== "string" || !plain.trim()) {
          fail(value ?? keyNode, field(key), "must be a non-empty string");
        }
        const unstorable = textProblem(plain);
        if (unstorable) fail(value, field(key), unstorable);
        const choices = kind === "state" ? STATES : kind === "behavior" ? BEHAVIORS : undefined;
        if (choices && !choices.includes(plain)) {
          fail(
            value,
            field(key),
            `must be one of ${choices.join(", ")}, not "${plain}"${closeMatch(plain, choices)}`,
          );
        }
        if (key === "schedule") {
          const problem = await scheduleProblem(plain);
          if (problem) fail(value, field(key), `"${plain}" is not a cron schedule: ${problem}`);
        }
        (spec as Record<string, unknown>)[key] = plain;
      } else if (kind === "slugs") {
        if (!yaml.isSeq(value)) {
          fail(value ?? keyNode, field(key), "must be a list of toolkit slugs, e.g. [notion]");
        }
        const slugs: string[] = [];
        for (const item of value.items) {
          const slug = deref(item)?.toJS?.(doc);
          if (typeof slug !== "string") fail(item, field(key), "each item must be a string");
          const problem = connectorProblem(slug);
          if (problem) fail(item, field(key), problem);
          if (slugs.includes(slug)) fail(item, field(key), `"${slug}" is listed twice`);
          slugs.push(slug);
        }
        // An empty list is no connectors, as leaving the field out is.
        if (slugs.length > 0) spec.connectors = slugs;
      } else if (kind === "object") {
        if (!yaml.isMap(value)) fail(value ?? keyNode, field(key), "must be a mapping");
        if (nestsDeeper(plain, MAX_CONTEXT_DEPTH)) {
          fail(value, field(key), `nests more than ${MAX_CONTEXT_DEPTH} levels deep`);
        }
        const found = contextProblem(plain);
        if (found) fail(value, field(`${key}${found[0]}`), found[1]);
        // An empty context is no context: the service keeps none either way.
        if (Object.keys(plain as object).length > 0) {
          spec.context = plain as Record<string, unknown>;
        }
      } else {
        if (!yaml.isMap(value)) {
          fail(value ?? keyNode, field(key), "must be a mapping with email and/or webhook");
        }
        for (const [channel, address, channelNode] of pairs(value)) {
          if (!NOTIFY_FIELDS.includes(channel)) {
            fail(
              channelNode,
              field(`notify.${channel}`),
              `unknown field${closeMatch(channel, NOTIFY_FIELDS)}`,
            );
          }
          const text = address?.toJS?.(doc);
          if (typeof text !== "string" || !text.trim()) {
            fail(address ?? channelNode, field(`notify.${channel}`), "must be a non-empty string");
          }
          const unstorable = textProblem(text);
          if (unstorable) fail(address, field(`notify.${channel}`), unstorable);
          if (channel === "email" && !isEmailAddress(text)) {
            fail(address, field("notify.email"), `"${text}" is not an email address`);
          }
          const problem = channel === "webhook" ? webhookProblem(text) : undefined;
          if (problem) fail(address, field("notify.webhook"), problem);
          spec.notify![channel as "email" | "webhook"] = text;
        }
      }
    }
    for (const required of ["query", "condition"] as const) {
      if (spec[required] === undefined) fail(nameNode, field(required), "missing (required)");
    }
    specs.push(spec as MonitorSpec);
  }
  return { version: 1, tasks: specs };
}
