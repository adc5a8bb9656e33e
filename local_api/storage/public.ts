/**
 * What the current generation shows to anyone (torale-api-current.md §3.7, §3.9): public
 * tasks in either order, the feed of public runs that notified, the runs a task's RSS feed
 * lists, and the count of active users that /public/stats reports (both generations).
 */
import type { DatabaseSync } from "node:sqlite";
import { newestFirst, prepareAll } from "./db.ts";
import type { ExecutionRow, FeedRow } from "./executions.ts";
import type { TaskRow } from "./tasks.ts";

/** The orders of `GET /api/v1/public/tasks`. */
export const PUBLIC_ORDERS = ["recent", "popular"] as const;

/** `sort_by` of the public task list. */
export type PublicOrder = typeof PUBLIC_ORDERS[number];

/** How many runs a task's RSS feed lists. */
export const RSS_RUNS = 50;

/** Reads of public tasks and their runs, and the user count. */
export class PublicReads {
  readonly #sql;

  constructor(db: DatabaseSync) {
    const recent = `${newestFirst("created_at")}, seq DESC`;
    this.#sql = prepareAll(db, {
      recent: `SELECT * FROM tasks WHERE is_public = 1 ORDER BY ${recent} LIMIT ? OFFSET ?`,
      popular:
        `SELECT * FROM tasks WHERE is_public = 1 ORDER BY view_count DESC, ${recent} LIMIT ? OFFSET ?`,
      count: "SELECT count(*) AS n FROM tasks WHERE is_public = 1",
      feed: `SELECT e.*, t.name AS task_name, t.search_query AS task_search_query,
           t.is_public AS task_is_public, t.user_id AS task_user_id
         FROM executions e JOIN tasks t ON e.task_id = t.id
         WHERE t.is_public = 1 AND e.status = 'success' AND e.notification IS NOT NULL
         ORDER BY ${newestFirst("e.started_at")}, e.seq DESC LIMIT ?`,
      rssRuns: `SELECT * FROM executions
         WHERE task_id = ? AND status = 'success' AND completed_at IS NOT NULL
         ORDER BY ${newestFirst("completed_at")}, seq DESC LIMIT ${RSS_RUNS}`,
      activeUsers: "SELECT count(*) AS n FROM users WHERE is_active = 1",
    });
  }

  /** One page of the public tasks in `order`, and how many public tasks there are. */
  tasks(order: PublicOrder, limit: number, offset: number): { rows: TaskRow[]; total: number } {
    const rows = this.#sql[order].all(limit, offset) as unknown as TaskRow[];
    return { rows, total: Number((this.#sql.count.get() as { n: number }).n) };
  }

  /** Runs of public tasks that notified, newest first. */
  feed(limit: number): FeedRow[] {
    return this.#sql.feed.all(limit) as unknown as FeedRow[];
  }

  /** The latest successful, completed runs of a task, newest completion first. */
  rssRuns(taskId: string): ExecutionRow[] {
    return this.#sql.rssRuns.all(taskId) as unknown as ExecutionRow[];
  }

  /** How many users are active. */
  activeUsers(): number {
    return Number((this.#sql.activeUsers.get() as { n: number }).n);
  }
}
