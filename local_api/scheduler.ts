/**
 * The scheduler of the local API. Classic: a run of each active task when its cron comes due.
 * Current: no cron; each active task's one-shot job runs when its next_run is due, starting a
 * new run or resuming the run a retry job names.
 */
import { nextRun } from "./cron.ts";
import type { Generation } from "./http.ts";
import { isoZ, type Storage } from "./storage/mod.ts";
import type { Worker } from "./worker.ts";

/** Starts due runs on demand (`runDue`, for tests) or every second once started. */
export class Scheduler {
  readonly #storage: Storage;
  readonly #worker: Worker;
  readonly #generation: Generation;
  #interval?: ReturnType<typeof setInterval>;

  constructor(storage: Storage, worker: Worker, generation: Generation) {
    this.#storage = storage;
    this.#worker = worker;
    this.#generation = generation;
  }

  /** Starts every run due at `now`; returns how many it started. */
  runDue(now: Date): number {
    return this.#generation === "current" ? this.#runJobs(now) : this.#runCrons(now);
  }

  /** Checks for due runs every second until stopped. */
  start(): void {
    this.#interval = setInterval(() => this.runDue(new Date()), 1000);
  }

  stop(): void {
    if (this.#interval !== undefined) clearInterval(this.#interval);
  }

  /** Classic: every active task whose cron came due since its last scheduled run. */
  #runCrons(now: Date): number {
    let started = 0;
    for (const task of this.#storage.tasks.active()) {
      // A task the current generation created has no cron.
      if (!task.schedule) continue;
      const due = nextRun(task.schedule, new Date(task.last_scheduled_at ?? task.created_at));
      if (due && due <= now) {
        this.#storage.tasks.markScheduled(task.id, isoZ(now));
        if (this.#worker.start(task.id)) started++;
      }
    }
    return started;
  }

  /** Current: every active task whose job is due; a job runs once, then is gone. */
  #runJobs(now: Date): number {
    const due = this.#storage.current.dueJobs(isoZ(now));
    for (const task of due) {
      this.#storage.current.removeJob(task.id);
      if (task.job_execution_id) this.#worker.resume(task.job_execution_id);
      else this.#worker.start(task.id);
    }
    return due.length;
  }
}
