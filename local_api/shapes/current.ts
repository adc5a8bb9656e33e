/**
 * The JSON of the current generation's Task, TaskExecution and FeedExecution
 * (torale-api-current.md §4.1, §4.2), fields in emitted order.
 */
import type { ExecutionRow, FeedRow, TaskRow } from "../storage/mod.ts";
import { notificationsJson, parseJson, parseJsonb } from "./tasks.ts";

/**
 * A run's result as read back: a dict without `metadata` gains one saying whether the run
 * notified (it is not stored).
 */
function resultJson(text: string | null): unknown {
  const result = parseJsonb(text);
  if (typeof result !== "object" || result === null || Array.isArray(result)) return result;
  if ("metadata" in result) return result;
  const notified = (result as { notification?: unknown }).notification != null;
  return { ...result, metadata: { changed: notified, current_state: null } };
}

/**
 * A run as TaskExecution. The copy embedded as a task's `last_execution` has `error_message`
 * and `created_at` null; someone else's public task shows no `error_message` either.
 */
export function runJson(row: ExecutionRow, options: { embedded?: boolean; owner?: boolean } = {}) {
  const hideError = options.embedded || options.owner === false;
  return {
    task_id: row.task_id,
    status: row.status,
    result: resultJson(row.result),
    error_message: hideError ? null : row.error_message ?? null,
    notification: row.notification ?? null,
    grounding_sources: parseJsonb(row.grounding_sources),
    id: row.id,
    started_at: row.started_at,
    completed_at: row.completed_at ?? null,
    created_at: options.embedded ? null : row.created_at ?? null,
  };
}

/**
 * A task as Task, with `last` as its embedded `last_execution` (null when not given). Someone
 * else's public task shows `notifications: []` and every other field.
 */
export function currentTaskJson(
  row: TaskRow,
  options: { last?: ExecutionRow | null; owner?: boolean } = {},
) {
  return {
    name: row.name,
    state: row.state,
    search_query: row.search_query ?? null,
    condition_description: row.condition_description ?? null,
    notifications: options.owner === false ? [] : notificationsJson(row.notifications),
    attached_connector_slugs: parseJson(row.attached_connector_slugs),
    id: row.id,
    user_id: row.user_id,
    created_at: row.created_at,
    updated_at: row.updated_at ?? null,
    state_changed_at: row.state_changed_at,
    last_known_state: parseJsonb(row.last_known_state),
    last_execution_id: row.last_execution_id ?? null,
    last_execution: options.last ? runJson(options.last, { embedded: true }) : null,
    next_run: row.next_run ?? null,
    immediate_execution_error: null,
    context: parseJsonb(row.context),
    is_public: row.is_public === 1,
    view_count: row.view_count,
    subscriber_count: row.subscriber_count,
    forked_from_task_id: row.forked_from_task_id ?? null,
  };
}

/** A run of the user's feed: TaskExecution plus its task's name, query, visibility and owner. */
export function feedJson(row: FeedRow) {
  return {
    ...runJson(row),
    task_name: row.task_name,
    task_search_query: row.task_search_query ?? null,
    task_is_public: row.task_is_public === 1,
    task_user_id: row.task_user_id,
  };
}
