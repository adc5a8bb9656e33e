/**
 * The tasks table, shared by both generations: reads, deletes and the classic generation's
 * writes (the current generation's are in current_tasks.ts and jobs.ts). JSON columns
 * (config, notifications, last_known_state, context, attached_connector_slugs) are text.
 */
import type { DatabaseSync } from "node:sqlite";
import { newestFirst, prepareAll, transaction } from "./db.ts";

/** A row of `tasks`. */
export interface TaskRow {
  seq: number;
  id: string;
  user_id: string;
  name: string;
  /** Classic only, like executor_type, config and notify_behavior: NULL on current tasks. */
  schedule: string | null;
  executor_type: string | null;
  /** JSON text. */
  config: string | null;
  state: string;
  search_query: string | null;
  condition_description: string | null;
  notify_behavior: string | null;
  /** JSON text. */
  notifications: string;
  created_at: string;
  updated_at: string | null;
  state_changed_at: string;
  /** 1 or 0. */
  condition_met: number;
  /** JSON text. */
  last_known_state: string | null;
  last_notified_at: string | null;
  last_execution_id: string | null;
  /** 1 while the real service would hold a schedule (classic) or a scheduler job (current). */
  has_schedule: number;
  last_scheduled_at: string | null;
  /** When the current generation's job runs next. */
  next_run: string | null;
  /** JSON text. */
  context: string | null;
  /** 1 or 0. */
  is_public: number;
  view_count: number;
  subscriber_count: number;
  forked_from_task_id: string | null;
  /** JSON text: a list of strings. */
  attached_connector_slugs: string;
  /** The run a retry job resumes; NULL when the job starts a new run. */
  job_execution_id: string | null;
}

/** What a new classic task is made of; everything else starts empty. */
export type NewTask = Pick<
  TaskRow,
  | "id"
  | "user_id"
  | "name"
  | "schedule"
  | "executor_type"
  | "config"
  | "state"
  | "search_query"
  | "condition_description"
  | "notify_behavior"
  | "notifications"
  | "has_schedule"
>;

/** The columns a PUT may write (JSON ones as text); null writes NULL. */
export type TaskChanges = {
  [
    column in
      | "name"
      | "schedule"
      | "search_query"
      | "condition_description"
      | "notify_behavior"
      | "config"
      | "notifications"
      | "context"
      | "attached_connector_slugs"
      | "updated_at"
  ]?: string | null;
};

/** What a successful run leaves on its task. */
export interface RunOutcome {
  /** JSON text. */
  last_known_state: string;
  condition_met: boolean;
  execution_id: string;
}

/** Reads and writes tasks. */
export class TaskStore {
  readonly #db: DatabaseSync;
  readonly #sql;

  constructor(db: DatabaseSync) {
    this.#db = db;
    const order = `ORDER BY ${newestFirst("created_at")}, seq DESC`;
    this.#sql = prepareAll(db, {
      byId: "SELECT * FROM tasks WHERE id = ?",
      ownedBy: "SELECT * FROM tasks WHERE id = ? AND user_id = ?",
      listOf: `SELECT * FROM tasks WHERE user_id = ? ${order}`,
      listOfInState: `SELECT * FROM tasks WHERE user_id = ? AND state = ? ${order}`,
      active: "SELECT * FROM tasks WHERE state = 'active'",
      insert:
        `INSERT INTO tasks (id, user_id, name, schedule, executor_type, config, state, search_query,
           condition_description, notify_behavior, notifications, created_at, updated_at,
           state_changed_at, has_schedule)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      setState:
        "UPDATE tasks SET state = ?, has_schedule = ?, state_changed_at = ?, updated_at = ? WHERE id = ?",
      complete:
        "UPDATE tasks SET state = 'completed', has_schedule = 0, state_changed_at = ?, updated_at = ? WHERE id = ?",
      recordRun: `UPDATE tasks SET last_known_state = ?, condition_met = ?, last_execution_id = ?,
           last_notified_at = CASE WHEN ? THEN ? ELSE last_notified_at END, updated_at = ? WHERE id = ?`,
      markScheduled: "UPDATE tasks SET last_scheduled_at = ? WHERE id = ?",
      deleteRuns: "DELETE FROM executions WHERE task_id = ?",
      // The current generation's foreign key: ON DELETE SET NULL.
      unlinkForks: "UPDATE tasks SET forked_from_task_id = NULL WHERE forked_from_task_id = ?",
      delete: "DELETE FROM tasks WHERE id = ?",
    });
  }

  /** The task with this id, whoever owns it. */
  byId(id: string): TaskRow | undefined {
    return this.#sql.byId.get(id) as TaskRow | undefined;
  }

  /** The task with this id if it belongs to the user. */
  ownedBy(id: string, userId: string): TaskRow | undefined {
    return this.#sql.ownedBy.get(id, userId) as TaskRow | undefined;
  }

  /** A user's tasks, newest first, optionally only those in one state. */
  listOf(userId: string, state?: string): TaskRow[] {
    const rows = state ? this.#sql.listOfInState.all(userId, state) : this.#sql.listOf.all(userId);
    return rows as unknown as TaskRow[];
  }

  /** Every active task, of every user. */
  active(): TaskRow[] {
    return this.#sql.active.all() as unknown as TaskRow[];
  }

  /** Stores a new task created at `now`; returns its row. */
  insert(task: NewTask, now: string): TaskRow {
    this.#sql.insert.run(
      task.id,
      task.user_id,
      task.name,
      task.schedule,
      task.executor_type,
      task.config,
      task.state,
      task.search_query,
      task.condition_description,
      task.notify_behavior,
      task.notifications,
      now,
      // classic's `updated_at TIMESTAMPTZ DEFAULT NOW()` fills it on the INSERT.
      now,
      now,
      task.has_schedule,
    );
    return this.byId(task.id)!;
  }

  /** Writes the given columns; nothing when there are none. */
  update(id: string, changes: TaskChanges): void {
    const columns = Object.keys(changes);
    if (columns.length === 0) return;
    const sets = columns.map((column) => `${column} = ?`).join(", ");
    this.#db.prepare(`UPDATE tasks SET ${sets} WHERE id = ?`)
      .run(...(Object.values(changes) as (string | null)[]), id);
  }

  /** Moves a task to `state` at `now`; only a completed task holds no schedule. */
  setState(id: string, state: string, now: string): void {
    this.#sql.setState.run(state, state === "completed" ? 0 : 1, now, now, id);
  }

  /** Completes a task at `now` (notify_behavior "once" after a met condition). */
  complete(id: string, now: string): void {
    this.#sql.complete.run(now, now, id);
  }

  /** Leaves the outcome of a successful run, finished at `now`, on its task. */
  recordRun(id: string, outcome: RunOutcome, now: string): void {
    const met = outcome.condition_met ? 1 : 0;
    this.#sql.recordRun.run(outcome.last_known_state, met, outcome.execution_id, met, now, now, id);
  }

  /** Notes that the scheduler started the task's run due at `at`. */
  markScheduled(id: string, at: string): void {
    this.#sql.markScheduled.run(at, id);
  }

  /** Deletes a task and its runs, together; its forks forget where they came from. */
  delete(id: string): void {
    transaction(this.#db, () => {
      this.#sql.deleteRuns.run(id);
      this.#sql.unlinkForks.run(id);
      this.#sql.delete.run(id);
    });
  }
}
