/**
 * Task writes the service cannot store, and writes it failed (HTTP 5xx): refused before
 * sending, or read back after the failure, so the CLI never reports a change the server did
 * not make nor hides one it did. Known faults (torale-api-current.md, the service itself):
 * the current API answers 500 to any create or update that carries a context, and Postgres
 * refuses a NUL character in any text column (500 on both generations).
 */
import { ApiError, CliError, UsageError } from "../errors.ts";
import type { ApiClient } from "./client.ts";
import { faultLabel } from "./errors.ts";
import type { Generation } from "./generation.ts";
import { listTasks } from "./tasks.ts";
import type { Task } from "./types.ts";

/** The text fields of a task write, as the user calls them; a default name comes from the query. */
const TEXT_FIELDS = [
  ["search_query", "query"],
  ["condition_description", "condition"],
  ["name", "task name"],
] as const;

/** Why the service cannot store `text`, or undefined. */
function unstorable(text: string): string | undefined {
  if (text.includes("\0")) return "a NUL character (U+0000)";
  // A lone surrogate (half of a UTF-16 pair) has no UTF-8 form.
  if (!text.isWellFormed()) return "a lone surrogate (half of a UTF-16 pair)";
  return undefined;
}

/** Refuses (exit 2) a name, query or condition the service would fail on with HTTP 500. */
export function refuseUnstorable(
  asked: { name?: string; search_query?: string; condition_description?: string },
): void {
  for (const [field, what] of TEXT_FIELDS) {
    const value = asked[field];
    const problem = typeof value === "string" ? unstorable(value) : undefined;
    if (problem === undefined) continue;
    throw new UsageError(
      `The ${what} contains ${problem}, which the service cannot store; nothing was sent`,
      { hints: [`Remove it from the ${what} and try again.`] },
    );
  }
}

/** Whether `error` is the service failing on its side (HTTP 5xx). */
export function isServerFault(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status >= 500;
}

/** What to say of a 5xx on a write that carried a context: the context is what fails. */
export function contextHints(error: ApiError, contextFrom = "leave the context out"): string[] {
  return [
    `HTTP ${error.status} is a fault on the service's side: the current Torale API fails every task create or update that carries a context (it cannot store the object).`,
    `Try again without the context: ${contextFrom}.`,
  ];
}

/** The 5xx of a write that carried a context, said as such (no read-back: the caller's). */
export function contextFault(error: ApiError, contextFrom?: string): ApiError {
  return new ApiError(`The service failed on a task with a context (${faultLabel(error)})`, {
    status: error.status,
    detail: error.detail,
    cause: error,
    hints: contextHints(error, contextFrom),
  });
}

/** What a create sent that identifies its task. */
interface Sent {
  name: string;
  search_query: string;
  condition_description: string;
  context?: unknown;
}

/**
 * After `POST /api/v1/tasks/` failed with `error` (5xx): lists the tasks once and returns
 * the task the create made anyway, or throws saying it was not made, may have been, or could
 * not be checked. `before` is the list read before the create (current: names are unique, so
 * a new task of that name is this one); without it (classic, where names repeat) a task with
 * the same name, query and condition may be this one or an older one, and is not taken.
 */
export async function createdAnyway(
  client: ApiClient,
  generation: Generation,
  error: ApiError,
  options: { sent: Sent; before?: Task[]; contextFrom?: string },
): Promise<Task> {
  const { sent, before } = options;
  const failed = `The service failed to create task "${sent.name}" (${faultLabel(error)})`;
  const why = sent.context !== undefined
    ? contextHints(error, options.contextFrom)
    : [`HTTP ${error.status} is a fault on the service's side. Try again later.`];
  const fault = (message: string, more: string[] = []) =>
    new ApiError(message, {
      status: error.status,
      detail: error.detail,
      cause: error,
      hints: [...why, ...more],
    });
  let after: Task[];
  try {
    after = await listTasks(client);
  } catch (readError) {
    if (!(readError instanceof CliError)) throw readError;
    throw fault(`${failed}, and the task list could not be read: it may or may not exist`, [
      "Check with: torale task list",
    ]);
  }
  const same = after.filter((task) =>
    task.name === sent.name && (generation === "current" || (
      task.search_query === sent.search_query &&
      task.condition_description === sent.condition_description
    ))
  );
  const made = before ? same.filter((task) => !before.some((old) => old.id === task.id)) : [];
  if (made.length === 1) return made[0];
  if (made.length === 0 && (before || same.length === 0)) {
    throw fault(`${failed}; the task was not created`);
  }
  const ids = (made.length > 0 ? made : same).map((task) => task.id);
  throw fault(`${failed}; it may or may not have been created`, [
    `The server has ${ids.length === 1 ? "a task" : "tasks"} with this name, query and condition (${
      ids.join(", ")
    }) that may be it.`,
    `Check with: torale task get ${ids[0]}`,
  ]);
}
