/**
 * What a task write asks for ({@link TaskDraft}, {@link TaskPatch}), the request bodies of each
 * generation and their one builder, and the refusal of what a generation lacks, before anything
 * is sent. ./task_writes.ts makes the requests.
 */
import { DEFAULT_SCHEDULE } from "../config/schema.ts";
import { UsageError } from "../errors.ts";
import { type ClassicOnly, type Generation, refuseOnCurrent } from "./generation.ts";
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

/** What a template suggests for the classic API's own fields; the current API has none. */
export interface Suggested {
  schedule?: string;
  notify_behavior?: NotifyBehavior;
}

/** The flag each classic-only field is asked with, for the refusal. */
const CLASSIC_FIELDS: [keyof TaskPatch | "model", ClassicOnly][] = [
  ["schedule", "--schedule"],
  ["notify_behavior", "--notify-behavior"],
  ["model", "--model"],
];

export function refuseWhatGenerationLacks(
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
  suggested?: Suggested,
): ClassicCreateBody;
export function createBody(
  generation: "current",
  draft: TaskDraft,
  suggested?: Suggested,
): CurrentCreateBody;
export function createBody(
  generation: Generation,
  draft: TaskDraft,
  suggested?: Suggested,
): CreateBody;
export function createBody(
  generation: Generation,
  draft: TaskDraft,
  suggested: Suggested = {},
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

/** A name from the query when none is given: `Monitor: <first 50 characters>`. */
export function defaultTaskName(query: string): string {
  const text = query.trim();
  return `Monitor: ${text.length > 50 ? text.slice(0, 50).trimEnd() + "…" : text}`;
}
