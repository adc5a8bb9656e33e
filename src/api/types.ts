/**
 * Wire types of the Torale API, tolerant of both generations described in
 * torale-api.md §6: fields the newer API dropped are optional, unknown
 * fields are kept.
 */

/** Whether `value` is an id as the API writes them: a UUID with dashes. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** `GET /auth/me`. The older API sends `is_active`; some docs show `state`. */
export interface User {
  id: string;
  email: string;
  clerk_user_id?: string;
  first_name?: string | null;
  is_active?: boolean;
  state?: string;
  created_at?: string;
  [extra: string]: unknown;
}

/** An API key's public record (`/auth/api-keys`). */
export interface ApiKeyInfo {
  id: string;
  user_id?: string;
  key_prefix: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  is_active: boolean;
}

/** `POST /auth/api-keys`: the only time the full key is shown. */
export interface CreatedApiKey {
  key: string;
  key_info: ApiKeyInfo;
}

/** A grounding source of an execution. */
export interface Source {
  url: string;
  title?: string | null;
}

/** One run of a task. */
export interface TaskExecution {
  id: string;
  task_id: TaskId;
  status: string;
  result?: Record<string, unknown> | null;
  error_message?: string | null;
  condition_met?: boolean | null;
  change_summary?: string | null;
  notification?: string | null;
  grounding_sources?: Source[] | null;
  started_at: string;
  completed_at?: string | null;
  created_at?: string | null;
}

/** A notification channel of a task. */
export interface NotificationConfig {
  type: "email" | "webhook";
  address?: string | null;
  url?: string | null;
  [extra: string]: unknown;
}

/**
 * A task id the API knows the user's task by: resolved once, at the edge, from a full id or a
 * prefix (`resolveTask` in tasks.ts), or read from the server's own answer. Every function that
 * names one task takes one.
 */
export type TaskId = string & { readonly __brand: "TaskId" };

/** A monitoring task. */
export interface Task {
  id: TaskId;
  name: string;
  state: "active" | "paused" | "completed";
  search_query?: string | null;
  condition_description?: string | null;
  schedule?: string;
  notify_behavior?: string;
  notifications?: NotificationConfig[];
  config?: Record<string, unknown>;
  condition_met?: boolean;
  last_known_state?: unknown;
  last_notified_at?: string | null;
  last_execution_id?: string | null;
  last_execution?: TaskExecution | null;
  created_at: string;
  updated_at?: string | null;
  state_changed_at?: string;
  /** Current API: when the service runs the task next (it decides; there is no cron). */
  next_run?: string | null;
  /** Current API: an object passed through to webhooks. */
  context?: Record<string, unknown> | null;
  /** Current API: visible to everyone. */
  is_public?: boolean;
  view_count?: number;
  subscriber_count?: number;
  /** Current API: the task this one was forked from. */
  forked_from_task_id?: string | null;
  /** Current API: toolkits (connectors) the task's agent may read. */
  attached_connector_slugs?: string[];
  [extra: string]: unknown;
}

/** A run in the feed (current API): a TaskExecution with its task's name. */
export interface FeedExecution extends TaskExecution {
  task_name: string;
  task_search_query?: string | null;
  task_is_public?: boolean;
  /** The owner of the run's task (public feeds keep it). */
  task_user_id?: string;
}

/** A user's state: `state` when the server sends it, else derived from `is_active`. */
export function userState(user: User): string {
  if (typeof user.state === "string") return user.state;
  return user.is_active === false ? "inactive" : "active";
}
