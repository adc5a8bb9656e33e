/**
 * The JSON of the classic generation's Task and TaskExecution (torale-api.md §4.1, §4.2), fields
 * in emitted order.
 */
import type { ExecutionRow, TaskRow } from "../storage/mod.ts";

/** A JSON column's value; NULL is null. */
export function parseJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

const utf8 = new TextEncoder();

/** Postgres jsonb's key order: shorter keys (in UTF-8 bytes) first, then byte by byte. */
function jsonbKeyOrder(a: string, b: string): number {
  const [x, y] = [utf8.encode(a), utf8.encode(b)];
  if (x.length !== y.length) return x.length - y.length;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

function jsonbOrdered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonbOrdered);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value).sort(jsonbKeyOrder).map((key) => [
      key,
      jsonbOrdered((value as Record<string, unknown>)[key]),
    ]),
  );
}

/**
 * A JSONB column's value as the service reads it back: asyncpg hands over Postgres's text,
 * whose objects have their keys in jsonb's order at every depth, not the order written.
 */
export function parseJsonb(text: string | null): unknown {
  return jsonbOrdered(parseJson(text));
}

/**
 * Notifications as both generations answer them: each one read into its NotificationConfig model,
 * so its keys come in the model's order, not jsonb's.
 */
export function notificationsJson(text: string | null): unknown {
  const list = parseJson(text);
  if (!Array.isArray(list)) return list;
  return list.map((n: Record<string, unknown>) => ({
    type: n.type,
    address: n.address ?? null,
    template: n.template ?? null,
    url: n.url ?? null,
    method: n.method ?? "POST",
    headers: n.headers ?? null,
  }));
}

/**
 * A run as TaskExecution. The copy embedded in a Task as `last_execution` has
 * `error_message` and `created_at` always null, as in classic.
 */
export function executionJson(row: ExecutionRow, embedded = false) {
  return {
    task_id: row.task_id,
    status: row.status,
    result: parseJsonb(row.result),
    error_message: embedded ? null : row.error_message ?? null,
    condition_met: row.condition_met === null ? null : row.condition_met === 1,
    change_summary: row.change_summary ?? null,
    grounding_sources: parseJsonb(row.grounding_sources),
    id: row.id,
    started_at: row.started_at,
    completed_at: row.completed_at ?? null,
    created_at: embedded ? null : row.created_at ?? null,
  };
}

/** A task as Task, with `last` as its embedded `last_execution` (null when not given). */
export function taskJson(row: TaskRow, last?: ExecutionRow | null) {
  return {
    name: row.name,
    schedule: row.schedule,
    executor_type: row.executor_type,
    config: parseJsonb(row.config),
    state: row.state,
    search_query: row.search_query ?? null,
    condition_description: row.condition_description ?? null,
    notify_behavior: row.notify_behavior,
    notifications: notificationsJson(row.notifications),
    id: row.id,
    user_id: row.user_id,
    created_at: row.created_at,
    updated_at: row.updated_at ?? null,
    state_changed_at: row.state_changed_at,
    condition_met: row.condition_met === 1,
    last_known_state: parseJsonb(row.last_known_state),
    last_notified_at: row.last_notified_at ?? null,
    last_execution_id: row.last_execution_id ?? null,
    last_execution: last ? executionJson(last, true) : null,
  };
}
