/**
 * The worker of the local API: takes each run through its steps in the background, one step
 * per delay. What a step does belongs to the API generation (runs/classic.ts, runs/current.ts).
 */
import { type ExecutionRow, isoZ, type Storage, type TaskRow } from "./storage/mod.ts";

/** What a generation does at each step of a run. */
export interface RunSteps {
  /** Takes a pending (or retrying) run to running; false leaves it where it is. */
  begin(run: ExecutionRow, task: TaskRow): boolean;
  /** Ends a running run. */
  finish(run: ExecutionRow, task: TaskRow): void;
}

/** Runs executions in the background until closed. */
export class Worker {
  readonly #storage: Storage;
  readonly #steps: RunSteps;
  readonly #delayMs: number;
  readonly #log?: (line: string) => void;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #after?: (id: string) => Promise<void>;
  readonly #pending = new Set<Promise<void>>();

  constructor(
    storage: Storage,
    options: {
      steps: RunSteps;
      delayMs: number;
      log?: (line: string) => void;
      /** Runs after each run's last step, outside its transaction (the notifications). */
      after?: (id: string) => Promise<void>;
    },
  ) {
    this.#after = options.after;
    this.#storage = storage;
    this.#steps = options.steps;
    this.#delayMs = options.delayMs;
    this.#log = options.log;
  }

  /**
   * Inserts a pending execution of a task and lets the worker run it; returns the row, or
   * undefined when the task is gone (deleted meanwhile, perhaps by another server on the file).
   */
  start(taskId: string): ExecutionRow | undefined {
    const id = crypto.randomUUID();
    const row = this.#storage.executions.insertPending(id, taskId, isoZ());
    if (row) this.resume(id);
    return row;
  }

  /** Runs an existing execution again (the current generation's retry of the same row). */
  resume(id: string): void {
    this.#later(() => this.#run(id));
  }

  /** Resolves once every notification under way has finished. */
  async settle(): Promise<void> {
    while (this.#pending.size) await Promise.allSettled([...this.#pending]);
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
  #load(id: string): { run: ExecutionRow; task: TaskRow } | undefined {
    const run = this.#storage.executions.byId(id);
    const task = run && this.#storage.tasks.byId(run.task_id);
    return run && task ? { run, task } : undefined;
  }

  // Each step reads its run and task and writes in one transaction, so that another
  // connection cannot delete the task or cancel the run in between; a step that finds either
  // gone stops there.
  #run(id: string) {
    const begun = this.#storage.transaction(() => {
      const found = this.#load(id);
      return found !== undefined && this.#steps.begin(found.run, found.task);
    });
    if (begun) this.#later(() => this.#finish(id));
  }

  #finish(id: string) {
    this.#storage.transaction(() => {
      const found = this.#load(id);
      if (found) this.#steps.finish(found.run, found.task);
    });
    if (!this.#after) return;
    const work = this.#after(id).catch((error) =>
      this.#log?.(`notify error: ${(error as Error).message}`)
    ).finally(() => this.#pending.delete(work));
    this.#pending.add(work);
  }
}
