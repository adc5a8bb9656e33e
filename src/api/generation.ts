/**
 * The two generations of the Torale API (torale-api.md, December 2025, and
 * torale-api-current.md, April 2026): how to tell them apart with one cheap
 * request, and what each cannot do, so a command refuses before it writes.
 */
import { ApiError, UsageError } from "../errors.ts";
import type { ApiClient } from "./client.ts";
import type { Task } from "./types.ts";

/** `classic`: cron schedules, notify behaviour, preview. `current`: next_run, public tasks, forks. */
export type Generation = "classic" | "current";

/**
 * One `GET /health` (no auth needed): the classic API names its service
 * (`{"status":"healthy","service":"torale-api"}`), the current one does not,
 * and answers 503 `{"status":"degraded"}` when its scheduler is down.
 */
export async function detectGeneration(client: ApiClient): Promise<Generation> {
  try {
    return generationOfHealth(await client.get("/health", { expect: "object" }));
  } catch (error) {
    if (isDegradedHealth(error)) return "current";
    throw error;
  }
}

/** The generation a decoded `GET /health` body names, for callers that already hold one. */
export function generationOfHealth(body: Record<string, unknown>): Generation {
  return body.service === "torale-api" ? "classic" : "current";
}

/** Whether a failed `GET /health` still names the generation: only the current API answers 503. */
export function isDegradedHealth(error: unknown): boolean {
  return error instanceof ApiError && error.status === 503;
}

/** Whether a task object has the current generation's shape (`next_run`, no `schedule`). */
export function isCurrentTask(task: Task): boolean {
  return "next_run" in task && !("schedule" in task);
}

/** What the current API does instead of each thing it dropped. */
const DROPPED_BY_CURRENT = {
  "--schedule":
    "The service decides when each task runs next (see NEXT RUN in `torale task list`).",
  "--notify-behavior":
    "The service's agent decides whether a run notifies and when a task is complete.",
  "--model": "The service chooses the model itself.",
  "--suppress-notifications": "Manual runs always send their notifications on this API.",
  "task preview": "Create the task with --run-immediately, then read `torale task logs <id>`.",
} as const;

/** Something only the classic API can do. */
export type ClassicOnly = keyof typeof DROPPED_BY_CURRENT;

/** Throws the usage error for `what` when the server speaks the current generation. */
export function refuseOnCurrent(generation: Generation, what: ClassicOnly, url: string): void {
  if (generation !== "current") return;
  throw new UsageError(
    `${what} is not supported by the current Torale API at ${url}; nothing was sent`,
    { hints: [DROPPED_BY_CURRENT[what]] },
  );
}

/**
 * Throws the usage error for a command that only the current generation has; `arrived` names
 * what came with that generation.
 */
export function requireCurrent(
  generation: Generation,
  command: string,
  url: string,
  arrived = "Public tasks, forks and the feed",
): void {
  if (generation === "current") return;
  throw new UsageError(
    `\`torale ${command}\` needs the current Torale API; ${url} speaks the classic one`,
    { hints: [`${arrived} arrived in the April 2026 API. Nothing was sent.`] },
  );
}
