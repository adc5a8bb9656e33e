/**
 * A task write, in one place: what a command, `apply` or a template asks for (a typed
 * {@link TaskDraft} or {@link TaskPatch}), what the server's generation cannot do (refused
 * before anything is sent), the one builder of each request body, the request, and the
 * echo check. Commands only turn their input into a draft or a patch.
 */
import { DEFAULT_SCHEDULE } from "../config/schema.ts";
import { CliError, UsageError } from "../errors.ts";
import type { ApiClient } from "./client.ts";
import { type Connection, requireActiveConnections } from "./connectors.ts";
import { checkApplied } from "./echo.ts";
import { type ClassicOnly, type Generation, refuseOnCurrent } from "./generation.ts";
import { aboutTask, listTasks, type TaskId, taskPath, TASKS } from "./tasks.ts";
import { contextFault, createdAnyway, isServerFault, refuseUnstorable } from "./write_failures.ts";
import type { NotificationConfig, Task } from "./types.ts";

/** When a classic task notifies. */
export type NotifyBehavior = "once" | "always" | "track_state";

/** A new task, as asked: the wire fields both generations share, then each one's own. */
export interface TaskDraft {
  name: string;
  search_query: string;
  condition_description: string;
  state: "active" | "paused";
  notifications: NotificationConfig[];
  run_immediately?: boolean;
  /** Classic only: the current API refuses a draft that asks for these. */
  schedule?: string;
  notify_behavior?: NotifyBehavior;
  model?: string;
  /** Current only: an object passed through to webhooks. */
  context?: Record<string, unknown>;
  /** Current only: toolkits the agent may read (each an ACTIVE connection); none when empty. */
  attached_connector_slugs?: string[];
}

/** A change to a task: only the fields given are sent (`PUT` semantics of both generations). */
export interface TaskPatch {
  name?: string;
  search_query?: string;
  condition_description?: string;
  state?: Task["state"];
  notifications?: NotificationConfig[];
  /** Classic only. */
  schedule?: string;
  notify_behavior?: NotifyBehavior;
  /** Current only. */
  context?: Record<string, unknown>;
  /** Current only: replaces the list; `[]` detaches every connector. */
  attached_connector_slugs?: string[];
}

interface CreateBodyBase {
  name: string;
  search_query: string;
  condition_description: string;
  state: "active" | "paused";
  notifications: NotificationConfig[];
  run_immediately: boolean;
}

/** `POST /api/v1/tasks/` on the classic API (torale-api.md: these fields are required). */
export interface ClassicCreateBody extends CreateBodyBase {
  schedule: string;
  notify_behavior: NotifyBehavior;
  config: { model?: string };
  executor_type: "llm_grounded_search";
}

/** `POST /api/v1/tasks/` on the current API. */
export interface CurrentCreateBody extends CreateBodyBase {
  context?: Record<string, unknown>;
  attached_connector_slugs?: string[];
}

/** What a create sends. */
export type CreateBody = ClassicCreateBody | CurrentCreateBody;

/** How a create is made. */
export interface CreateOptions {
  /**
   * The name came from a template or the query, not from the user: on the current API
   * (names unique per user) a free variant, `name (2)`, is taken instead of refusing.
   */
  nameIsDefault?: boolean;
  /** What a template suggests for the classic API's own fields; the current API has none. */
  suggested?: { schedule?: string; notify_behavior?: NotifyBehavior };
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

/** The flag each classic-only field is asked with, for the refusal. */
const CLASSIC_FIELDS: [keyof TaskPatch | "model", ClassicOnly][] = [
  ["schedule", "--schedule"],
  ["notify_behavior", "--notify-behavior"],
  ["model", "--model"],
];

function refuseWhatGenerationLacks(
  generation: Generation,
  url: string,
  asked: TaskPatch & { model?: string },
): void {
  for (const [field, flag] of CLASSIC_FIELDS) {
    if (asked[field] !== undefined) refuseOnCurrent(generation, flag, url);
  }
  if (generation === "classic" && asked.context !== undefined) {
    throw new UsageError(
      `A task context is not supported by the classic Torale API at ${url}; nothing was sent`,
      { hints: ["Context arrived with the April 2026 API."] },
    );
  }
  if (generation === "classic" && asked.attached_connector_slugs !== undefined) {
    throw new UsageError(
      `Connectors are not supported by the classic Torale API at ${url}; nothing was sent`,
      { hints: ["Connectors (Notion, Linear, GitHub) arrived with the April 2026 API."] },
    );
  }
}

/** The one builder of a create body: `draft` for `generation`, classic defaults filled in. */
export function createBody(
  generation: "classic",
  draft: TaskDraft,
  suggested?: CreateOptions["suggested"],
): ClassicCreateBody;
export function createBody(
  generation: "current",
  draft: TaskDraft,
  suggested?: CreateOptions["suggested"],
): CurrentCreateBody;
export function createBody(
  generation: Generation,
  draft: TaskDraft,
  suggested?: CreateOptions["suggested"],
): CreateBody;
export function createBody(
  generation: Generation,
  draft: TaskDraft,
  suggested: CreateOptions["suggested"] = {},
): CreateBody {
  const base: CreateBodyBase = {
    name: draft.name,
    search_query: draft.search_query,
    condition_description: draft.condition_description,
    state: draft.state,
    notifications: draft.notifications,
    run_immediately: draft.run_immediately === true,
  };
  if (generation === "current") {
    const slugs = draft.attached_connector_slugs ?? [];
    return {
      ...base,
      ...(draft.context ? { context: draft.context } : {}),
      ...(slugs.length ? { attached_connector_slugs: slugs } : {}),
    };
  }
  return {
    ...base,
    schedule: draft.schedule ?? suggested.schedule ?? DEFAULT_SCHEDULE,
    notify_behavior: draft.notify_behavior ?? suggested.notify_behavior ?? "once",
    // No --model: no model, so the service's own default applies (gemini-2.5-flash at 68b3320,
    // where a migration moved every stored gemini-2.0-flash-exp task to it), as its web app does.
    config: draft.model === undefined ? {} : { model: draft.model },
    executor_type: "llm_grounded_search",
  };
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
