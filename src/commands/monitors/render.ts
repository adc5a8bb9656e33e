/** How a plan looks on a terminal, and its `--json` shape. */
import type { Session } from "../../kit/session.ts";
import type { Change, Plan } from "./plan_model.ts";

const SIGNS: Record<Change["action"], string> = {
  create: "+",
  update: "~",
  pause: "~",
  resume: "~",
  delete: "-",
};

function shown(value: unknown): string {
  if (value === undefined || value === null) return "(none)";
  if (value && typeof value === "object") {
    return Object.keys(value).length === 0 ? "(none)" : JSON.stringify(value);
  }
  return JSON.stringify(value);
}

/**
 * How `name` is spelled, when another name of the plan differs from it only in Unicode
 * normalisation (`Café` as é, or as e and a combining accent): the two look the same on a
 * terminal but are different names to the service, so the plan says which is which.
 */
function spelling(name: string, twins: ReadonlySet<string>): string {
  const nfc = name.normalize("NFC");
  if (!twins.has(nfc)) return "";
  const form = name === nfc
    ? "composed, NFC"
    : name === name.normalize("NFD")
    ? "decomposed, NFD"
    : "mixed normalisation";
  const points = [...name].filter((c) => c.charCodeAt(0) > 0x7f)
    .map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`);
  return ` [${form}: ${points.join(" ")}]`;
}

/** The NFC forms that more than one spelling among `names` shares. */
function normalisationTwins(names: readonly string[]): Set<string> {
  const spellings = new Map<string, Set<string>>();
  for (const name of names) {
    const nfc = name.normalize("NFC");
    spellings.set(nfc, (spellings.get(nfc) ?? new Set()).add(name));
  }
  return new Set([...spellings].filter(([, all]) => all.size > 1).map(([nfc]) => nfc));
}

/** `N to create, N to update, …`. */
export function summary(plan: { changes: readonly { action: Change["action"] }[] }): string {
  const count = (...actions: Change["action"][]) =>
    plan.changes.filter((c) => actions.includes(c.action)).length;
  return `${count("create")} to create, ${count("update")} to update, ` +
    `${count("pause")} to pause, ${count("resume")} to resume, ${count("delete")} to delete`;
}

/** The `--json` shape of a plan. */
export function planJson(plan: Plan) {
  return {
    generation: plan.generation,
    changes: plan.changes.map(({ action, name, id, fields }) => ({
      action,
      name,
      id: id ?? null,
      // Every change lists {field, from, to}: null where there is nothing (a create's from).
      fields: fields.map(({ field, from, to }) => ({ field, from: from ?? null, to: to ?? null })),
    })),
    ignored: plan.ignored,
    unchanged: plan.unchanged,
  };
}

/** A plan as `--json` shows it (and, made terminal-safe, as people see it). */
export type PlanView = ReturnType<typeof planJson>;

/**
 * Prints the plan for people: one block per task, each changed field old → new. `plan` is
 * the terminal-safe view `Session.output` hands over: names and values come from the server.
 */
export function printPlan(session: Session, plan: PlanView, url: string): void {
  const { colors } = session;
  const paint = (action: Change["action"]) =>
    action === "create" ? colors.green : action === "delete" ? colors.red : colors.yellow;
  for (const ignored of plan.ignored) {
    session.warn(`tasks.${JSON.stringify(ignored.name)}.${ignored.field}: ${ignored.reason}`);
  }
  if (plan.changes.length === 0) {
    session.print(`No changes: the ${plan.generation} API at ${url} matches the file.`);
    return;
  }
  session.print(`Plan for ${url} (${plan.generation} API): ${summary(plan)}.`);
  const twins = normalisationTwins([...plan.changes.map((c) => c.name), ...plan.unchanged]);
  if (twins.size > 0) {
    session.warn(
      "Some names differ only in Unicode normalisation: they look alike but are different names to the service (see [NFC]/[NFD] below)",
    );
  }
  for (const change of plan.changes) {
    const color = paint(change.action);
    const id = change.id ? ` (${change.id.slice(0, 8)})` : "";
    session.print("");
    // Quoted as JSON: a name with a line break cannot fake another line of the plan.
    const name = JSON.stringify(change.name);
    session.print(
      color(`${SIGNS[change.action]} ${change.action} ${name}${id}`) +
        spelling(change.name, twins),
    );
    const width = Math.max(0, ...change.fields.map((f) => f.field.length)) + 2;
    for (const { field, from, to } of change.fields) {
      const label = `${field}:`.padEnd(width);
      session.print(
        change.action === "create"
          ? `    ${label}${shown(to)}`
          : `    ${label}${colors.red(shown(from))} → ${colors.green(shown(to))}`,
      );
    }
  }
}
