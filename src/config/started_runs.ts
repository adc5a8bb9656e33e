/**
 * The runs `task execute` started, one per task, in `~/.torale/runs.json`, so that a later
 * `task wait --until run` can report the run it started even when that run ended before the
 * wait's first check. Best effort throughout: a home that cannot be written (read-only,
 * full, locked by another writer) only means nothing is recorded, never a failed command.
 * Written as config.json is: a 0600 file in the 0700 directory, through a temporary file
 * renamed over the old one while the file's own lock is held.
 */
import { MemoFile } from "./memo_file.ts";

/** One recorded run: its id, and when it was recorded (ms since the epoch). */
export interface StartedRun {
  run: string;
  at: number;
}

/** How many tasks' runs are kept; the oldest records go first. */
const MAX_RECORDS = 100;

/** The record of started runs kept in `dir` (normally `~/.torale`). */
export class StartedRuns {
  readonly #file: MemoFile<StartedRun>;

  constructor(dir: string) {
    this.#file = new MemoFile(dir, "runs.json", (value) => {
      const { run, at } = (value ?? {}) as Partial<StartedRun>;
      return typeof run === "string" && typeof at === "number" ? { run, at } : undefined;
    });
  }

  /** Absolute path of the record file. */
  get path(): string {
    return this.#file.path;
  }

  /** The run recorded for `taskId` and not yet reported, if any. */
  async recorded(taskId: string): Promise<StartedRun | undefined> {
    const records = await this.#file.read();
    return Object.hasOwn(records, taskId) ? records[taskId] : undefined;
  }

  /** Records `runId` as the run started for `taskId`; whether it was saved. */
  async record(taskId: string, runId: string, at: number): Promise<boolean> {
    return await this.#file.change((records) => {
      records[taskId] = { run: runId, at };
      const newest = Object.entries(records).sort(([, a], [, b]) => b.at - a.at);
      return Object.fromEntries(newest.slice(0, MAX_RECORDS));
    });
  }

  /** Forgets the run of `taskId` once a wait has reported `runId`; whether anything changed. */
  async reported(taskId: string, runId: string): Promise<boolean> {
    if ((await this.recorded(taskId))?.run !== runId) return false;
    return await this.#file.change((records) => {
      if (records[taskId]?.run === runId) delete records[taskId];
      return records;
    });
  }
}
