/**
 * The worker of the local API: runs a pending execution as the real service's worker would
 * (torale-api.md §4.6), pending → running → success or failed, one step per delay.
 */
import type { Executor, ExecutorOutput } from "./executor.ts";
import { type ExecutionRow, isoZ, type Storage, type TaskRow } from "./storage/mod.ts";

/** Runs executions in the background until closed. */
export class Worker {
  readonly #storage: Storage;
  readonly #executor: Executor;
  readonly #delayMs: number;
  readonly #log?: (line: string) => void;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    storage: Storage,
    options: { executor: Executor; delayMs: number; log?: (line: string) => void },
  ) {
    this.#storage = storage;
    this.#executor = options.executor;
    this.#delayMs = options.delayMs;
    this.#log = options.log;
  }

  /** Inserts a pending execution of a task and lets the worker run it; returns the row. */
  start(taskId: string): ExecutionRow {
    const id = crypto.randomUUID();
    const row = this.#storage.executions.insertPending(id, taskId, isoZ());
    this.#later(() => this.#run(id));
    return row;
  }

  /** Drops every step not yet taken. */
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #later(work: () => void) {
    const id = setTimeout(() => {
      this.#timers.delete(id);
      try {
        work();
      } catch (error) {
        this.#log?.(`worker error: ${(error as Error).message}`);
      }
    }, this.#delayMs);
    this.#timers.add(id);
  }

  /** The execution and its task, if both still exist. */
  #load(id: string): { exec: ExecutionRow; task: TaskRow } | undefined {
    const exec = this.#storage.executions.byId(id);
    const task = exec && this.#storage.tasks.byId(exec.task_id);
    return exec && task ? { exec, task } : undefined;
  }

  #run(id: string) {
    const found = this.#load(id);
    // The real worker skips tasks that are not active: the run stays pending forever.
    if (!found || found.task.state !== "active") return;
    this.#storage.executions.setRunning(id);
    this.#later(() => this.#finish(id));
  }

  #finish(id: string) {
    const found = this.#load(id);
    if (!found) return;
    const { task } = found;
    const now = isoZ();
    let output: ExecutorOutput;
    try {
      output = this.#executor.run(task.search_query ?? "", task.condition_description);
    } catch (error) {
      this.#storage.executions.fail(id, (error as Error).message, now);
      return;
    }
    const hadState = task.last_known_state !== null;
    const changeSummary = hadState && output.condition_met ? output.answer.slice(0, 200) : null;
    const result = {
      success: true,
      answer: output.answer,
      condition_met: output.condition_met,
      change_summary: changeSummary,
      grounding_sources: output.grounding_sources,
      current_state: output.current_state,
    };
    const { executions, tasks } = this.#storage;
    this.#storage.transaction(() => {
      executions.succeed(id, {
        result: JSON.stringify(result),
        condition_met: output.condition_met,
        change_summary: changeSummary,
        grounding_sources: JSON.stringify(output.grounding_sources),
      }, now);
      tasks.recordRun(task.id, {
        last_known_state: JSON.stringify(output.current_state),
        condition_met: output.condition_met,
        execution_id: id,
      }, now);
      if (output.condition_met && task.notify_behavior === "once" && task.state === "active") {
        tasks.complete(task.id, now);
      }
    });
  }
}
