/**
 * What it takes to make the server's tasks match a monitors file: a property-level plan,
 * the request body of each change, and the fields the server's generation ignores.
 */
import type { Generation } from "../../api/generation.ts";
import { createBody, type TaskDraft, type TaskPatch } from "../../api/task_writes.ts";
import type { NotificationConfig, Task } from "../../api/types.ts";
import { CliError, UsageError } from "../../errors.ts";
import type { MonitorFile, MonitorSpec } from "./file.ts";
import { notificationsOf, specOf, stable } from "./task_spec.ts";

/** One field that changes: its name in the file, then what the server has and what the file says. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** One change to one task. */
export interface Change {
  action: "create" | "update" | "pause" | "resume" | "delete";
  name: string;
  /** The task's id; none for a create. */
  id?: string;
  fields: FieldChange[];
  /** What a create asks for. */
  draft?: TaskDraft;
  /** What an update, pause or resume sends. */
  patch?: TaskPatch;
}

/** A field of the file the server's generation does not have, left alone. */
export interface Ignored {
  name: string;
  field: string;
  reason: string;
}

/** A plan: the changes in the order they are applied, and what was ignored. */
export interface Plan {
  generation: Generation;
  changes: Change[];
  ignored: Ignored[];
  unchanged: string[];
}

const ORDER: Change["action"][] = ["create", "update", "pause", "resume", "delete"];
/** File field → API field. */
const API_FIELD: Record<string, keyof TaskPatch> = {
  query: "search_query",
  condition: "condition_description",
  state: "state",
  notify: "notifications",
  schedule: "schedule",
  notify_behavior: "notify_behavior",
  context: "context",
  connectors: "attached_connector_slugs",
};

/** What the API holds for `field` of `spec`, given the task's current notifications. */
function apiValue(
  spec: MonitorSpec,
  field: string,
  existing?: readonly NotificationConfig[],
): unknown {
  if (field === "notify") return notificationsOf(spec.notify, existing);
  // A set: the order they are listed in does not matter to the service.
  if (field === "connectors") return [...spec.connectors ?? []].sort();
  return spec[field as keyof MonitorSpec];
}

/** The fields the file manages for `spec` on this generation; the others are reported. */
function managedFields(spec: MonitorSpec, generation: Generation, ignored: Ignored[]): string[] {
  const fields = ["query", "condition", "state", "notify"];
  // Like notify, the file says them all: left out, a task has none.
  if (generation === "current") fields.push("connectors");
  else if (spec.connectors) {
    throw new UsageError(
      `tasks."${spec.name}".connectors: the classic Torale API has no connectors; nothing was changed`,
      {
        hints: [
          "Connectors arrived with the April 2026 API: leave them out of a file for this one.",
        ],
      },
    );
  }
  const classicOnly = ["schedule", "notify_behavior"];
  for (const field of [...classicOnly, "context"]) {
    if (spec[field as keyof MonitorSpec] === undefined) continue;
    const has = classicOnly.includes(field) ? generation === "classic" : generation === "current";
    if (has) fields.push(field);
    else {
      ignored.push({
        name: spec.name,
        field,
        reason: `the ${generation} API has no ${field}; it is left out`,
      });
    }
  }
  return fields;
}

/** The draft of a task the file has and the server does not: only what `generation` has. */
function draftOf(spec: MonitorSpec, generation: Generation): TaskDraft {
  if (spec.state === "completed") {
    throw new UsageError(`tasks."${spec.name}".state: a new task cannot be created completed`, {
      hints: ["Use active or paused; the service completes a task itself."],
    });
  }
  const draft: TaskDraft = {
    name: spec.name,
    search_query: spec.query,
    condition_description: spec.condition,
    state: spec.state,
    notifications: notificationsOf(spec.notify),
  };
  if (generation === "current") {
    return {
      ...draft,
      ...(spec.context ? { context: spec.context } : {}),
      ...(spec.connectors ? { attached_connector_slugs: spec.connectors } : {}),
    };
  }
  return { ...draft, schedule: spec.schedule, notify_behavior: spec.notify_behavior };
}

/** The patch that makes the server's task hold `fields` (the file's names) of `spec`. */
function patchFor(
  spec: MonitorSpec,
  fields: string[],
  existing: readonly NotificationConfig[],
): TaskPatch {
  const patch: TaskPatch = {};
  for (const field of fields) {
    if (field === "query") patch.search_query = spec.query;
    else if (field === "condition") patch.condition_description = spec.condition;
    else if (field === "state") patch.state = spec.state;
    else if (field === "notify") patch.notifications = notificationsOf(spec.notify, existing);
    else if (field === "schedule") patch.schedule = spec.schedule;
    else if (field === "notify_behavior") patch.notify_behavior = spec.notify_behavior;
    else if (field === "context") patch.context = spec.context;
    else if (field === "connectors") patch.attached_connector_slugs = spec.connectors ?? [];
  }
  return patch;
}

function byName(tasks: Task[]): Map<string, Task[]> {
  const map = new Map<string, Task[]>();
  for (const task of tasks) map.set(task.name, [...(map.get(task.name) ?? []), task]);
  return map;
}

/** The plan that makes `tasks` (the server's) match `file`; with `prune`, unlisted tasks go. */
export function buildPlan(
  file: MonitorFile,
  tasks: Task[],
  generation: Generation,
  prune: boolean,
): Plan {
  const plan: Plan = { generation, changes: [], ignored: [], unchanged: [] };
  const named = byName(tasks);
  for (const spec of file.tasks) {
    const found = named.get(spec.name) ?? [];
    if (found.length > 1) {
      throw new CliError(`${found.length} tasks on the server are called "${spec.name}"`, {
        hints: [
          "The file names tasks by name: rename all but one (torale task update <id> --name <name>).",
          ...found.map((task) => `  ${task.id}`),
        ],
      });
    }
    const fields = managedFields(spec, generation, plan.ignored);
    if (found.length === 0) {
      const draft = draftOf(spec, generation);
      const body: Record<string, unknown> = { ...createBody(generation, draft) };
      const shown = generation === "classic"
        ? [...new Set([...fields, "schedule", "notify_behavior"])]
        : fields.filter((field) => field !== "connectors" || spec.connectors);
      plan.changes.push({
        action: "create",
        name: spec.name,
        fields: shown.map((field) => ({
          field,
          from: undefined,
          to: field === "notify" ? spec.notify : body[API_FIELD[field]],
        })),
        draft,
      });
      continue;
    }
    const task = found[0];
    const have = specOf(task, generation);
    if (task.state === "completed" && spec.state === "paused") {
      throw new UsageError(`tasks."${spec.name}".state: a completed task cannot be paused`, {
        hints: ["The service allows completed → active only: use active to run it again."],
      });
    }
    if (spec.state === "completed" && task.state !== "completed") {
      throw new UsageError(
        `tasks."${spec.name}".state: completed is set by the service, not by a file`,
        {
          hints: [`The task is ${task.state} on the server: use active or paused.`],
        },
      );
    }
    const existing = task.notifications ?? [];
    const changed = fields.filter((field) =>
      stable(apiValue(spec, field, existing)) !== stable(apiValue(have, field, existing))
    );
    if (changed.length === 0) {
      plan.unchanged.push(spec.name);
      continue;
    }
    const onlyState = changed.length === 1 && changed[0] === "state";
    plan.changes.push({
      action: onlyState ? (spec.state === "paused" ? "pause" : "resume") : "update",
      name: spec.name,
      id: task.id,
      fields: changed.map((field) => ({
        field,
        from: have[field as keyof MonitorSpec],
        to: spec[field as keyof MonitorSpec],
      })),
      patch: patchFor(spec, changed, existing),
    });
  }
  if (prune) {
    const wanted = new Set(file.tasks.map((spec) => spec.name));
    for (const task of tasks) {
      if (!wanted.has(task.name)) {
        plan.changes.push({ action: "delete", name: task.name, id: task.id, fields: [] });
      }
    }
  }
  plan.changes.sort((a, b) =>
    ORDER.indexOf(a.action) - ORDER.indexOf(b.action) || a.name.localeCompare(b.name)
  );
  return plan;
}
