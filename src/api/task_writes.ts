/**
 * A task write, in one place: what a command, `apply` or a template asks for (a typed
 * {@link TaskDraft} or {@link TaskPatch}), what the server's generation cannot do (refused
 * before anything is sent) and the one builder of each body (both in ./task_bodies.ts), the request and the
 * echo check. Commands only turn their input into a draft or a patch.
 */
import { CliError } from "../errors.ts";
import type { ApiClient } from "./client.ts";
import { type Connection, requireActiveConnections } from "./connectors.ts";
import { checkApplied } from "./echo.ts";
import type { Generation } from "./generation.ts";
import { aboutTask, listTasks, type TaskId, taskPath, TASKS } from "./tasks.ts";
import { contextFault, createdAnyway, isServerFault, refuseUnstorable } from "./write_failures.ts";
import type { Task } from "./types.ts";
import {
  createBody,
  refuseWhatGenerationLacks,
  type Suggested,
  type TaskDraft,
  type TaskPatch,
} from "./task_bodies.ts";

export {
  type ClassicCreateBody,
  type CreateBody,
  createBody,
  type CurrentCreateBody,
  type NotifyBehavior,
  type TaskDraft,
  type TaskPatch,
} from "./task_bodies.ts";

/** How a create is made. */
export interface CreateOptions {
  /**
   * The name came from a template or the query, not from the user: on the current API
   * (names unique per user) a free variant, `name (2)`, is taken instead of refusing.
   */
  nameIsDefault?: boolean;
  /** What a template suggests for the classic API's own fields; the current API has none. */
  suggested?: Suggested;
  /** The user's tasks, when the caller already holds them: no second list for the name. */
  tasks?: Task[];
  /** Runs after every check and before the request (a warning that costs a request). */
  beforeSend?: () => Promise<void>;
  /** Shows the server's answer before its echo is checked, so a refusal still shows it. */
  show?: (task: Task) => Promise<void>;
  /** Names the task in the echo error (`new task "x"`). */
  what?: string;
  /**
   * After a 5xx, read the tasks back to say whether the task was made anyway (default);
   * false when the caller reads back itself (`apply`).
   */
  readBack?: boolean;
  /** Says the task was made although the service answered 5xx (a warning). */
  warn?: (text: string) => void;
  /** How the user leaves the context out, for the hint after the service fails on one. */
  contextFrom?: string;
  /** The user's connections, when the caller already holds them: no list to check connectors. */
  connections?: Connection[];
}

/** A name no task in `tasks` has yet: `base`, else `base (2)`, `base (3)`, … */
function freeName(base: string, tasks: Task[]): string {
  const taken = new Set(tasks.map((task) => task.name));
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base} (${n})`;
  return name;
}

function nameClash(name: string, clash: Task, what: "created" | "changed"): CliError {
  const choose = what === "created" ? "choose another with -n, or leave -n out" : "choose another";
  return new CliError(`A task named "${name}" already exists (${clash.id}); nothing was ${what}`, {
    hints: [`Task names are unique on this API: ${choose}.`],
  });
}

/** `POST /api/v1/tasks/` for `draft`, checked against `generation` first and against the echo after. */
export async function createTask(
  client: ApiClient,
  generation: Generation,
  draft: TaskDraft,
  options: CreateOptions = {},
): Promise<Task> {
  // An empty list asks for nothing: no refusal on classic, nothing sent.
  const slugs = draft.attached_connector_slugs?.length ? draft.attached_connector_slugs : undefined;
  refuseWhatGenerationLacks(generation, client.baseUrl, {
    ...draft,
    attached_connector_slugs: slugs,
  });
  refuseUnstorable(draft);
  let name = draft.name;
  let before: Task[] | undefined;
  if (generation === "current") {
    const tasks = before = options.tasks ?? await listTasks(client);
    const clash = tasks.find((task) => task.name === name);
    if (clash && options.nameIsDefault) name = freeName(name, tasks);
    else if (clash) throw nameClash(name, clash, "created");
    await requireActiveConnections(client, slugs ?? [], options.connections);
  }
  const body = createBody(generation, { ...draft, name }, options.suggested);
  await options.beforeSend?.();
  let task: Task;
  try {
    task = await client.post<Task>(TASKS, { body, expect: "object" });
  } catch (error) {
    if (!isServerFault(error)) throw error;
    const { contextFrom } = options;
    if (options.readBack === false) {
      throw "context" in body && body.context ? contextFault(error, contextFrom) : error;
    }
    task = await createdAnyway(client, generation, error, { sent: body, before, contextFrom });
    options.warn?.(
      `The service answered HTTP ${error.status}, but the task was created: its list shows it`,
    );
  }
  await options.show?.(task);
  checkApplied(options.what ?? "new task", body, task);
  return task;
}

/** The generation, or how to learn it: an update asks only when its fields depend on it. */
export type GenerationSource = Generation | (() => Promise<Generation>);

/** How an update is made. */
export interface UpdateOptions {
  /** The user's tasks, when the caller already holds them (a prefix was resolved). */
  tasks?: Task[];
  /** Shows the server's answer before its echo is checked. */
  show?: (task: Task) => Promise<void>;
  /** Names the change in the echo error ("change", `change to "x"`). */
  what?: string;
  /** How the user leaves the context out, for the hint after the service fails on one. */
  contextFrom?: string;
  /** The user's connections, when the caller already holds them. */
  connections?: Connection[];
}

/**
 * `PUT /api/v1/tasks/{id}` with `patch`: classic-only fields refused on the current API, a
 * new name checked free there (one list, unless `tasks` is given), the echo compared.
 */
export async function updateTask(
  client: ApiClient,
  generationOf: GenerationSource,
  id: TaskId,
  patch: TaskPatch,
  options: UpdateOptions = {},
): Promise<Task> {
  const dependsOnIt = patch.name ?? patch.schedule ?? patch.notify_behavior ?? patch.context ??
    patch.attached_connector_slugs;
  const generation = typeof generationOf === "string" || dependsOnIt === undefined
    ? generationOf
    : await generationOf();
  if (typeof generation === "string") {
    refuseWhatGenerationLacks(generation, client.baseUrl, patch);
  }
  refuseUnstorable(patch);
  if (generation === "current" && patch.name !== undefined) {
    const tasks = options.tasks ?? await listTasks(client);
    const clash = tasks.find((task) => task.name === patch.name && task.id !== id);
    if (clash) throw nameClash(patch.name, clash, "changed");
  }
  if (generation === "current" && patch.attached_connector_slugs !== undefined) {
    await requireActiveConnections(client, patch.attached_connector_slugs, options.connections);
  }
  const task = await aboutTask(
    id,
    client.put<Task>(taskPath(id), { body: patch, expect: "object" }),
  ).catch((error) => {
    throw isServerFault(error) && patch.context !== undefined
      ? contextFault(error, options.contextFrom)
      : error;
  });
  await options.show?.(task);
  checkApplied(options.what ?? "change", patch, task);
  return task;
}

/** Pauses task `id` (a state change, checked like any other). */
export function pauseTask(
  client: ApiClient,
  generation: GenerationSource,
  id: TaskId,
  options: UpdateOptions = {},
): Promise<Task> {
  return updateTask(client, generation, id, { state: "paused" }, options);
}

/** Resumes task `id`. */
export function resumeTask(
  client: ApiClient,
  generation: GenerationSource,
  id: TaskId,
  options: UpdateOptions = {},
): Promise<Task> {
  return updateTask(client, generation, id, { state: "active" }, options);
}
