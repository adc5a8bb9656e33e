/**
 * The task resource: its paths, the shapes it answers with, task-id prefix
 * resolution and the one rule for "not found" (404, or 422 for an id the
 * server cannot parse, both become `Task not found: "<what was typed>"`).
 */
import { ApiError, type CliError } from "../errors.ts";
import type { ApiClient } from "./client.ts";
import { type IdKind, resolveId } from "./ids.ts";
import type { FeedExecution, Source, Task, TaskExecution } from "./types.ts";

const TASKS = "/api/v1/tasks/";

function taskPath(id: string, suffix = ""): string {
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
async function aboutTask<T>(input: string, request: Promise<T>): Promise<T> {
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

/** A full task id from a full UUID or a unique prefix of at least 4 characters. */
export function resolveTaskId(client: ApiClient, input: string): Promise<string> {
  return resolveId(input, TASK_IDS, () => listTasks(client));
}

/** `GET /api/v1/tasks/{id}` for a full id or a prefix. */
export async function getTask(client: ApiClient, input: string): Promise<Task> {
  const id = await resolveTaskId(client, input);
  return await aboutTask(input, client.get<Task>(taskPath(id), { expect: "object" }));
}

/** `POST /api/v1/tasks/`. */
export function createTask(client: ApiClient, body: Record<string, unknown>): Promise<Task> {
  return client.post<Task>(TASKS, { body, expect: "object" });
}

/** `PUT /api/v1/tasks/{id}` with only the fields to change, for a full id or a prefix. */
export async function updateTask(
  client: ApiClient,
  input: string,
  body: Record<string, unknown>,
): Promise<Task> {
  const id = await resolveTaskId(client, input);
  return await aboutTask(input, client.put<Task>(taskPath(id), { body, expect: "object" }));
}

/** The task other than `id` that is already called `name`, if any (names are unique on current). */
export async function nameTakenBy(
  client: ApiClient,
  name: string,
  id?: string,
): Promise<Task | undefined> {
  return (await listTasks(client)).find((task) => task.name === name && task.id !== id);
}

/** `DELETE /api/v1/tasks/{id}`; returns the full id that was deleted. */
export async function deleteTask(client: ApiClient, input: string): Promise<string> {
  const id = await resolveTaskId(client, input);
  await aboutTask(input, client.delete(taskPath(id)));
  return id;
}

/** `POST /api/v1/tasks/{id}/execute` for a full id. */
export function executeTask(
  client: ApiClient,
  id: string,
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
  id: string,
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
  taskId: string,
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
  id: string,
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
export function forkTask(client: ApiClient, id: string, name?: string): Promise<Task> {
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
  model: string;
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
