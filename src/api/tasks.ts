/**
 * The task resource: its paths, the shapes it answers with, task-id prefix
 * resolution and the one rule for "not found" (404, or 422 for an id the
 * server cannot parse, both become `Task not found: "<what was typed>"`).
 */
import { ApiError, type CliError } from "../errors.ts";
import type { ApiClient } from "./client.ts";
import { type IdKind, resolveId } from "./ids.ts";
import type { FeedExecution, Source, Task, TaskExecution, TaskId } from "./types.ts";

/** The tasks collection's path. */
export const TASKS = "/api/v1/tasks/";

export type { TaskId };

/** The path of task `id`, with `suffix`. */
export function taskPath(id: TaskId, suffix = ""): string {
  return `${TASKS}${encodeURIComponent(id)}${suffix}`;
}

/** The error for a task id that matches nothing the user owns. */
function taskNotFound(input: string): CliError {
  return new ApiError(`Task not found: "${input}"`, {
    status: 404,
    hints: ["List your tasks and their ids with: torale task list"],
  });
}

/** Awaits a request about the task the user called `input`, naming it when it is missing. */
export async function aboutTask<T>(input: string, request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 422)) {
      throw taskNotFound(input);
    }
    throw error;
  }
}

/** `GET /api/v1/tasks/`, optionally only tasks in one state. */
export function listTasks(client: ApiClient, state?: string): Promise<Task[]> {
  return client.get<Task[]>(TASKS, { query: { state }, expect: "list" });
}

const TASK_IDS: IdKind = {
  noun: "task",
  listCommand: "torale task list",
  notFound: taskNotFound,
};

/** A resolved task id, and the user's tasks when resolving it took a list (a prefix did). */
export interface ResolvedTask {
  id: TaskId;
  /** The list a prefix was looked up in: later checks (unique names) reuse it. */
  tasks?: Task[];
}

/**
 * A task id from a full UUID (no request) or a unique prefix of at least 4 characters (one
 * list, returned for reuse; `list` gives the list a caller already holds or shares).
 */
export async function resolveTask(
  client: ApiClient,
  input: string,
  list: () => Promise<Task[]> = () => listTasks(client),
): Promise<ResolvedTask> {
  let tasks: Task[] | undefined;
  const id = await resolveId(input, TASK_IDS, async () => tasks = await list());
  return { id: id as TaskId, tasks };
}

/** The user's tasks, listed at most once however often it is called (several ids, one list). */
export function listedOnce(client: ApiClient): () => Promise<Task[]> {
  let tasks: Promise<Task[]> | undefined;
  return () => tasks ??= listTasks(client);
}

/** {@link resolveTask}'s id alone. */
export async function resolveTaskId(client: ApiClient, input: string): Promise<TaskId> {
  return (await resolveTask(client, input)).id;
}

/**
 * The id of a task that exists: a prefix proves it by the list it was found in (one request),
 * a full id by its `GET` (one request), so a filter by task never names a task that is not there.
 */
export async function existingTaskId(client: ApiClient, input: string): Promise<TaskId> {
  const { id, tasks } = await resolveTask(client, input);
  return tasks ? id : (await getTask(client, id)).id;
}

/** `GET /api/v1/tasks/{id}`. */
export function getTask(client: ApiClient, id: TaskId): Promise<Task> {
  return aboutTask(id, client.get<Task>(taskPath(id), { expect: "object" }));
}

/** `DELETE /api/v1/tasks/{id}`. */
export async function deleteTask(client: ApiClient, id: TaskId): Promise<void> {
  await aboutTask(id, client.delete(taskPath(id)));
}

/** `POST /api/v1/tasks/{id}/execute`. */
export function executeTask(
  client: ApiClient,
  id: TaskId,
  options: { suppressNotifications?: boolean } = {},
): Promise<TaskExecution> {
  return aboutTask(
    id,
    client.post<TaskExecution>(taskPath(id, "/execute"), {
      query: options.suppressNotifications ? { suppress_notifications: true } : undefined,
      expect: "object",
    }),
  );
}

/** A task's runs, newest first: all of them, or only those that notified. */
export function listRuns(
  client: ApiClient,
  id: TaskId,
  options: { limit: number; notificationsOnly?: boolean },
): Promise<TaskExecution[]> {
  const path = taskPath(id, options.notificationsOnly ? "/notifications" : "/executions");
  return aboutTask(
    id,
    client.get<TaskExecution[]>(path, { query: { limit: options.limit }, expect: "list" }),
  );
}

/** How many of a task's runs a run id is looked up among (the API has no route for one run). */
export const RUNS_LOOKED_UP = 100;

/**
 * The run of task `taskId` that `input` names, its full id or a unique prefix of at least 4
 * characters, among its latest {@link RUNS_LOOKED_UP} runs; `Run not found` otherwise.
 */
export async function findRun(
  client: ApiClient,
  taskId: TaskId,
  input: string,
): Promise<TaskExecution> {
  const runs = await listRuns(client, taskId, { limit: RUNS_LOOKED_UP });
  const kind: IdKind = {
    noun: "run",
    listCommand: `torale task logs ${taskId}`,
    notFound: (input) =>
      new ApiError(`Run not found: "${input}" is not one of task ${taskId}'s latest runs`, {
        status: 404,
        hints: [
          `List the task's runs and their ids with: torale task logs ${taskId}`,
          "Give the id `torale task execute` printed (Execution ID: …) or a unique prefix of it.",
        ],
      }),
  };
  const id = await resolveId(input, kind, () => Promise.resolve(runs));
  const run = runs.find((run) => String(run.id).toLowerCase() === id.toLowerCase());
  if (!run) throw kind.notFound(input);
  return run;
}

/** `PATCH /api/v1/tasks/{id}/visibility` (current API); returns what the server holds. */
export function setVisibility(
  client: ApiClient,
  id: TaskId,
  isPublic: boolean,
): Promise<{ is_public: boolean }> {
  return aboutTask(
    id,
    client.patch<{ is_public: boolean }>(taskPath(id, "/visibility"), {
      body: { is_public: isPublic },
      expect: "object",
    }),
  );
}

/** `POST /api/v1/tasks/{id}/fork` (current API): a paused, private copy. */
export function forkTask(client: ApiClient, id: TaskId, name?: string): Promise<Task> {
  return aboutTask(
    id,
    client.post<Task>(taskPath(id, "/fork"), { body: { name: name ?? null }, expect: "object" }),
  );
}

/** `GET /api/v1/tasks/feed` (current API): runs of the user's tasks that notified, newest first. */
export function taskFeed(client: ApiClient, limit: number): Promise<FeedExecution[]> {
  return client.get<FeedExecution[]>(`${TASKS}feed`, { query: { limit }, expect: "list" });
}

/** What `POST /api/v1/tasks/preview` asks for. */
export interface PreviewRequest {
  search_query: string;
  condition_description?: string;
  /** Left out: the service's default model. */
  model?: string;
}

/** The preview answer. */
export interface Preview {
  answer: string;
  condition_met: boolean;
  grounding_sources?: Source[];
  inferred_condition?: string;
  current_state?: unknown;
}

/** `POST /api/v1/tasks/preview`; a server without preview (405) says so. */
export async function previewTask(client: ApiClient, body: PreviewRequest): Promise<Preview> {
  try {
    return await client.post<Preview>(`${TASKS}preview`, { body, expect: "object" });
  } catch (error) {
    if (error instanceof ApiError && error.status === 405) {
      throw new ApiError("This API does not support preview", {
        status: 405,
        hints: [
          "Newer Torale servers removed preview; create a task with --run-immediately instead.",
        ],
      });
    }
    throw error;
  }
}
