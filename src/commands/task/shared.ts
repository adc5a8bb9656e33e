/** What the task commands share: id resolution, cron, and human-readable pieces. */
import type { ApiClient } from "../../api/client.ts";
import { isUuid, type Task, type TaskExecution } from "../../api/types.ts";
import { ApiError, type CliError, UsageError } from "../../errors.ts";
import { importPackage } from "../../packages.ts";

const PREFIX = /^[0-9a-f-]{4,36}$/i;

/** The path of one task. */
export function taskPath(id: string, suffix = ""): string {
  return `/api/v1/tasks/${encodeURIComponent(id)}${suffix}`;
}

/** The error for a task id that matches nothing the user owns. */
export function notFound(input: string): CliError {
  return new ApiError(`Task not found: "${input}"`, {
    status: 404,
    hints: ["List your tasks and their ids with: torale task list"],
  });
}

/**
 * A full task id from a full UUID or a unique prefix of at least 4
 * characters (resolved from the task list). Malformed ids never reach the
 * API, so users see "Task not found", not a validation list.
 */
export async function resolveTaskId(client: ApiClient, input: string): Promise<string> {
  const id = input.trim().toLowerCase();
  if (isUuid(id)) return id;
  if (!PREFIX.test(id)) {
    if (id.length < 4 && /^[0-9a-f-]*$/.test(id)) {
      throw new UsageError(`Task id prefix "${input}" is too short`, {
        hints: ["Give at least 4 characters of the id, or the full id from `torale task list`."],
      });
    }
    throw notFound(input);
  }
  const tasks = await client.get<Task[]>("/api/v1/tasks/", { expect: "list" });
  const matches = tasks.filter((task) => task.id.toLowerCase().startsWith(id));
  if (matches.length === 1) return matches[0].id;
  if (matches.length === 0) throw notFound(input);
  throw new UsageError(`Task id prefix "${input}" is ambiguous: ${matches.length} tasks match`, {
    hints: [
      ...matches.slice(0, 5).map((task) => `  ${task.id}  ${task.name}`),
      "Give more characters of the id.",
    ],
  });
}

/** Fetches a task by full id or prefix, mapping a 404 to "Task not found". */
export async function fetchTask(client: ApiClient, input: string): Promise<Task> {
  const id = await resolveTaskId(client, input);
  try {
    return await client.get<Task>(taskPath(id), { expect: "object" });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 422)) {
      throw notFound(input);
    }
    throw error;
  }
}

/** Why a cron expression is invalid, or undefined when it is a valid 5-field cron. */
export async function cronProblem(expression: string): Promise<string | undefined> {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5) {
    return `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
  }
  const { Cron } = await importPackage("croner");
  try {
    new Cron(expression, { paused: true });
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, "");
  }
}

/** Throws the usage error for an invalid cron, before any request is made. */
export async function checkCron(expression: string): Promise<void> {
  const problem = await cronProblem(expression);
  if (problem) {
    throw new UsageError(`Invalid cron expression "${expression}": ${problem}`, {
      hints: ['Example: "0 9 * * *" runs every day at 09:00 UTC; "*/30 * * * *" every 30 minutes.'],
    });
  }
}

/** `0 9 * * * (At 09:00 AM)`: the cron with its meaning in words. */
export async function scheduleInWords(expression: string | undefined): Promise<string> {
  if (!expression) return "-";
  try {
    const { default: cronstrue } = await importPackage("cronstrue");
    return `${expression} (${cronstrue.toString(expression, { verbose: false })})`;
  } catch {
    return expression;
  }
}

/** Whether an execution met its condition, in either API generation. */
export function isMet(execution: TaskExecution): boolean {
  return execution.condition_met === true ||
    (execution.notification !== undefined && execution.notification !== null);
}

/** The answer text of an execution, if any. */
export function answerOf(execution: TaskExecution): string | undefined {
  const answer = execution.result?.answer;
  return typeof answer === "string" ? answer : undefined;
}

/** Unique host names of an execution's sources. */
export function sourceDomains(execution: TaskExecution): string[] {
  const hosts = new Set<string>();
  for (const source of execution.grounding_sources ?? []) {
    try {
      hosts.add(new URL(source.url).hostname.replace(/^www\./, ""));
    } catch {
      // A source without a parseable URL has no domain to show.
    }
  }
  return [...hosts];
}

/** `1.2 s` between start and completion, or `-`. */
export function duration(execution: TaskExecution): string {
  if (!execution.completed_at) return "-";
  const ms = Date.parse(execution.completed_at) - Date.parse(execution.started_at);
  if (!Number.isFinite(ms) || ms < 0) return "-";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
