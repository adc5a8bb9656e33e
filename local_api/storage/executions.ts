/** The executions table: the runs of tasks. JSON columns are stored as text. */
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
}

/** What a successful run writes on its row. */
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
      listOf: `SELECT * FROM executions WHERE task_id = ? ${order}`,
      metOf: `SELECT * FROM executions WHERE task_id = ? AND condition_met = 1 ${order}`,
      insertPending:
        "INSERT INTO executions (id, task_id, status, started_at, created_at) VALUES (?, ?, 'pending', ?, ?)",
      setRunning: "UPDATE executions SET status = 'running' WHERE id = ?",
      fail:
        "UPDATE executions SET status = 'failed', error_message = ?, completed_at = ? WHERE id = ?",
      succeed:
        `UPDATE executions SET status = 'success', result = ?, condition_met = ?, change_summary = ?,
           grounding_sources = ?, completed_at = ? WHERE id = ?`,
    });
  }

  /** The run with this id, if any. */
  byId(id: string): ExecutionRow | undefined {
    return this.#sql.byId.get(id) as ExecutionRow | undefined;
  }

  /** A task's runs, newest first, at most `limit`; only those whose condition was met if asked. */
  listOf(taskId: string, options: { limit: number; onlyMet: boolean }): ExecutionRow[] {
    const statement = options.onlyMet ? this.#sql.metOf : this.#sql.listOf;
    return statement.all(taskId, options.limit) as unknown as ExecutionRow[];
  }

  /** Stores a pending run of a task, started and created at `now`; returns its row. */
  insertPending(id: string, taskId: string, now: string): ExecutionRow {
    this.#sql.insertPending.run(id, taskId, now, now);
    return this.byId(id)!;
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
}
