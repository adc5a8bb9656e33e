/**
 * The executions table: the runs of tasks of both generations (classic: condition_met and
 * change_summary; current: notification, retries, cancellation). JSON columns are text.
 */
import type { DatabaseSync } from "node:sqlite";
import { newestFirst, prepareAll } from "./db.ts";

/** A row of `executions`. */
export interface ExecutionRow {
  seq: number;
  id: string;
  task_id: string;
  status: string;
  /** JSON text. */
  result: string | null;
  error_message: string | null;
  /** 1, 0 or null before the run ends. */
  condition_met: number | null;
  change_summary: string | null;
  /** JSON text. */
  grounding_sources: string | null;
  started_at: string;
  completed_at: string | null;
  created_at: string | null;
  /** The current generation's agent message; non-null means the condition fired. */
  notification: string | null;
  /** Which attempt of the run this is (0 for the first); never shown. */
  retry_count: number;
}

/** A run with its task, as the current generation's feed reads it. */
export interface FeedRow extends ExecutionRow {
  task_name: string;
  task_search_query: string | null;
  /** 1 or 0. */
  task_is_public: number;
  task_user_id: string;
}

/** Which runs of a task a list shows: all, classic's condition_met, or current's notification. */
export type RunFilter = "all" | "met" | "notified";

/** What a successful run of the current generation writes on its row (JSON as text). */
export interface AgentSuccess {
  result: string;
  notification: string | null;
  grounding_sources: string;
}

/** What a successful classic run writes on its row. */
export interface RunSuccess {
  /** JSON text. */
  result: string;
  condition_met: boolean;
  change_summary: string | null;
  /** JSON text. */
  grounding_sources: string;
}

/** Reads and writes runs. */
export class ExecutionStore {
  readonly #sql;

  constructor(db: DatabaseSync) {
    const order = `ORDER BY ${newestFirst("started_at")}, seq DESC LIMIT ?`;
    this.#sql = prepareAll(db, {
      byId: "SELECT * FROM executions WHERE id = ?",
      all: `SELECT * FROM executions WHERE task_id = ? ${order}`,
      met: `SELECT * FROM executions WHERE task_id = ? AND condition_met = 1 ${order}`,
      notified: `SELECT * FROM executions WHERE task_id = ? AND notification IS NOT NULL ${order}`,
      feedOf: `SELECT e.*, t.name AS task_name, t.search_query AS task_search_query,
           t.is_public AS task_is_public, t.user_id AS task_user_id
         FROM executions e JOIN tasks t ON e.task_id = t.id
         WHERE t.user_id = ? AND e.status = 'success' AND e.notification IS NOT NULL
         ORDER BY ${newestFirst("e.started_at")}, e.seq DESC LIMIT ?`,
      // The task's existence is checked by the INSERT itself: another connection on the same
      // file may delete it between a route's lookup and this write.
      insertPending: `INSERT INTO executions (id, task_id, status, started_at, created_at)
         SELECT ?, id, 'pending', ?, ? FROM tasks WHERE id = ?`,
      setRunning: "UPDATE executions SET status = 'running' WHERE id = ?",
      fail:
        "UPDATE executions SET status = 'failed', error_message = ?, completed_at = ? WHERE id = ?",
      succeed:
        `UPDATE executions SET status = 'success', result = ?, condition_met = ?, change_summary = ?,
           grounding_sources = ?, completed_at = ? WHERE id = ?`,
      begin: `UPDATE executions SET status = 'running', error_message = NULL, completed_at = NULL,
           result = '{}' WHERE id = ?`,
      succeedNotified: `UPDATE executions SET status = 'success', result = ?, notification = ?,
           grounding_sources = ?, completed_at = ? WHERE id = ?`,
      failAttempt: `UPDATE executions SET status = ?, error_message = ?, retry_count = ?,
           completed_at = ? WHERE id = ?`,
      cancelActiveOf:
        `UPDATE executions SET status = 'cancelled', error_message = ?, completed_at = ?
         WHERE id = (SELECT id FROM executions WHERE task_id = ? AND status IN ('pending','running')
           LIMIT 1)`,
      mergeResult:
        "UPDATE executions SET result = json_patch(COALESCE(result, '{}'), ?) WHERE id = ?",
    });
  }

  /** The run with this id, if any. */
  byId(id: string): ExecutionRow | undefined {
    return this.#sql.byId.get(id) as ExecutionRow | undefined;
  }

  /** A task's runs, newest first, at most `limit`, filtered as asked. */
  listOf(taskId: string, options: { limit: number; filter: RunFilter }): ExecutionRow[] {
    return this.#sql[options.filter].all(taskId, options.limit) as unknown as ExecutionRow[];
  }

  /** A user's successful runs that notified, newest first, with their tasks. */
  feedOf(userId: string, limit: number): FeedRow[] {
    return this.#sql.feedOf.all(userId, limit) as unknown as FeedRow[];
  }

  /**
   * Stores a pending run of a task, started and created at `now`; returns its row, or
   * undefined when the task no longer exists.
   */
  insertPending(id: string, taskId: string, now: string): ExecutionRow | undefined {
    const { changes } = this.#sql.insertPending.run(id, now, now, taskId);
    return Number(changes) > 0 ? this.byId(id) : undefined;
  }

  /** Marks a run as running. */
  setRunning(id: string): void {
    this.#sql.setRunning.run(id);
  }

  /** Marks a run as failed at `now` with `message`. */
  fail(id: string, message: string, now: string): void {
    this.#sql.fail.run(message, now, id);
  }

  /** Marks a run as successful at `now`. */
  succeed(id: string, success: RunSuccess, now: string): void {
    this.#sql.succeed.run(
      success.result,
      success.condition_met ? 1 : 0,
      success.change_summary,
      success.grounding_sources,
      now,
      id,
    );
  }

  /** Starts an attempt of a current run: running, with the leftovers of an earlier one cleared. */
  begin(id: string): void {
    this.#sql.begin.run(id);
  }

  /** Marks a current run as successful at `now`. */
  succeedNotified(id: string, success: AgentSuccess, now: string): void {
    this.#sql.succeedNotified.run(
      success.result,
      success.notification,
      success.grounding_sources,
      now,
      id,
    );
  }

  /** Ends an attempt as `retrying` or `failed` at `now`; `retryCount` is the next attempt's. */
  failAttempt(
    id: string,
    failure: { status: "retrying" | "failed"; message: string; retryCount: number },
    now: string,
  ): void {
    this.#sql.failAttempt.run(failure.status, failure.message, failure.retryCount, now, id);
  }

  /** Cancels one pending or running run of the task (a forced manual run); true if one was. */
  cancelActiveOf(taskId: string, message: string, now: string): boolean {
    return Number(this.#sql.cancelActiveOf.run(message, now, taskId).changes) > 0;
  }

  /** Merges flags (a JSON object, as text) into a run's result. */
  mergeResult(id: string, flags: string): void {
    this.#sql.mergeResult.run(flags, id);
  }
}
