/**
 * The current generation's writes to the tasks table (torale-api-current.md §3.2, §5): its
 * inserts and forks under UNIQUE(user_id, name), sharing, and the scheduler job of each task
 * (`has_schedule`, `next_run`, and `job_execution_id` for a retry). Every UPDATE sets
 * `updated_at`, as the real service's trigger does.
 */
import type { DatabaseSync } from "node:sqlite";
import { prepareAll } from "./db.ts";
import type { TaskChanges, TaskRow, TaskStore } from "./tasks.ts";

/** A write that breaks UNIQUE(user_id, name): the real service answers it with a plain 500. */
export class UniqueViolation extends Error {
  constructor() {
    super('duplicate key value violates unique constraint "uq_tasks_user_id_name"');
  }
}

/** What a new task of the current generation is made of; JSON columns as text. */
export type NewCurrentTask = Pick<
  TaskRow,
  | "id"
  | "user_id"
  | "name"
  | "state"
  | "search_query"
  | "condition_description"
  | "notifications"
  | "context"
  | "attached_connector_slugs"
  | "next_run"
  | "has_schedule"
  | "forked_from_task_id"
>;

/** Writes tasks as the current generation does. */
export class CurrentTaskStore {
  readonly #tasks: TaskStore;
  readonly #sql;

  constructor(db: DatabaseSync, tasks: TaskStore) {
    this.#tasks = tasks;
    this.#sql = prepareAll(db, {
      nameTaken: "SELECT 1 FROM tasks WHERE user_id = ? AND name = ? AND id != ?",
      countActive: "SELECT count(*) AS n FROM tasks WHERE user_id = ? AND state = 'active'",
      insert: `INSERT INTO tasks (id, user_id, name, state, search_query, condition_description,
           notifications, context, attached_connector_slugs, next_run, has_schedule,
           forked_from_task_id, created_at, updated_at, state_changed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      setState: "UPDATE tasks SET state = ?, state_changed_at = ?, updated_at = ? WHERE id = ?",
      setVisibility: "UPDATE tasks SET is_public = ?, updated_at = ? WHERE id = ?",
      addSubscriber:
        "UPDATE tasks SET subscriber_count = subscriber_count + 1, updated_at = ? WHERE id = ?",
      recordRun:
        "UPDATE tasks SET last_known_state = ?, last_execution_id = ?, updated_at = ? WHERE id = ?",
      complete: `UPDATE tasks SET state = 'completed', state_changed_at = ?, updated_at = ?,
           next_run = NULL, has_schedule = 0, job_execution_id = NULL
         WHERE id = ? AND state = 'active'`,
      touch: "UPDATE tasks SET updated_at = ? WHERE id = ?",
      scheduleJob: `UPDATE tasks SET has_schedule = 1, next_run = ?, job_execution_id = ?,
           updated_at = ? WHERE id = ?`,
      removeJob: "UPDATE tasks SET has_schedule = 0, job_execution_id = NULL WHERE id = ?",
      dueJobs: `SELECT * FROM tasks WHERE state = 'active' AND has_schedule = 1
           AND next_run IS NOT NULL AND unixepoch(next_run, 'subsec') <= unixepoch(?, 'subsec')`,
    });
  }

  /** How many active tasks the user has (the 50-task cap). */
  countActive(userId: string): number {
    return (this.#sql.countActive.get(userId) as { n: number }).n;
  }

  /** Stores a new task created at `now`; throws UniqueViolation when the name is taken. */
  insert(task: NewCurrentTask, now: string): TaskRow {
    this.#unique(task.user_id, task.name, task.id);
    this.#sql.insert.run(
      task.id,
      task.user_id,
      task.name,
      task.state,
      task.search_query,
      task.condition_description,
      task.notifications,
      task.context,
      task.attached_connector_slugs,
      task.next_run,
      task.has_schedule,
      task.forked_from_task_id,
      now,
      now,
      now,
    );
    return this.#tasks.byId(task.id)!;
  }

  /**
   * Writes the given columns at `now`. A taken name throws UniqueViolation, a NULL in a NOT
   * NULL column throws SQLite's constraint error: both are the real service's 500.
   */
  update(task: TaskRow, changes: TaskChanges, now: string): void {
    if (typeof changes.name === "string") this.#unique(task.user_id, changes.name, task.id);
    this.#tasks.update(task.id, { ...changes, updated_at: now });
  }

  /** Moves a task to `state` at `now` (the job is the caller's: scheduleJob or removeJob). */
  setState(id: string, state: string, now: string): void {
    this.#sql.setState.run(state, now, now, id);
  }

  setVisibility(id: string, isPublic: boolean, now: string): void {
    this.#sql.setVisibility.run(isPublic ? 1 : 0, now, id);
  }

  /** Counts a fork by another user. */
  addSubscriber(id: string, now: string): void {
    this.#sql.addSubscriber.run(now, id);
  }

  /** What a successful run leaves on its task (last_known_state as JSON text). */
  recordRun(id: string, run: { lastKnownState: string | null; executionId: string }, now: string) {
    this.#sql.recordRun.run(run.lastKnownState, run.executionId, now, id);
  }

  /** The agent's auto-complete: only an active task completes; false when it was not. */
  complete(id: string, now: string): boolean {
    return Number(this.#sql.complete.run(now, now, id).changes) > 0;
  }

  /** An UPDATE that writes nothing else (a rolled-back PUT still fires the trigger). */
  touch(id: string, now: string): void {
    this.#sql.touch.run(now, id);
  }

  /** Gives the task a job due at `at`; with `executionId` the job retries that run. */
  scheduleJob(id: string, at: string, options: { executionId?: string; now: string }): void {
    this.#sql.scheduleJob.run(at, options.executionId ?? null, options.now, id);
  }

  /** Removes the task's job (a manual run, completion, or the job starting). */
  removeJob(id: string): void {
    this.#sql.removeJob.run(id);
  }

  /** Active tasks whose job is due at `now`. */
  dueJobs(now: string): TaskRow[] {
    return this.#sql.dueJobs.all(now) as unknown as TaskRow[];
  }

  #unique(userId: string, name: string, id: string): void {
    if (this.#sql.nameTaken.get(userId, name, id)) throw new UniqueViolation();
  }
}
