/** The scheduler of the local API: starts a run of each active task when its cron comes due. */
import { nextRun } from "./cron.ts";
import { isoZ, type Storage } from "./storage/mod.ts";
import type { Worker } from "./worker.ts";

/** Starts due runs on demand (`runDue`, for tests) or every second once started. */
export class Scheduler {
  readonly #storage: Storage;
  readonly #worker: Worker;
  #interval?: ReturnType<typeof setInterval>;

  constructor(storage: Storage, worker: Worker) {
    this.#storage = storage;
    this.#worker = worker;
  }

  /** Starts a run of every active task whose cron came due since its last scheduled run. */
  runDue(now: Date): number {
    let started = 0;
    for (const task of this.#storage.tasks.active()) {
      // A task the current generation created has no cron.
      if (!task.schedule) continue;
      const due = nextRun(task.schedule, new Date(task.last_scheduled_at ?? task.created_at));
      if (due && due <= now) {
        this.#storage.tasks.markScheduled(task.id, isoZ(now));
        this.#worker.start(task.id);
        started++;
      }
    }
    return started;
  }

  /** Checks for due runs every second until stopped. */
  start(): void {
    this.#interval = setInterval(() => this.runDue(new Date()), 1000);
  }

  stop(): void {
    if (this.#interval !== undefined) clearInterval(this.#interval);
  }
}
