/**
 * The runs `task execute` started, one per task, in `~/.torale/runs.json`, so that a later
 * `task wait --until run` can report the run it started even when that run ended before the
 * wait's first check. Best effort throughout: a home that cannot be written (read-only,
 * full, locked by another writer) only means nothing is recorded, never a failed command.
 * Written as config.json is: a 0600 file in the 0700 directory, through a temporary file
 * renamed over the old one while the file's own lock is held.
 */
import { joinPath } from "../paths.ts";
import { acquireLock } from "./lock.ts";

/** One recorded run: its id, and when it was recorded (ms since the epoch). */
export interface StartedRun {
  run: string;
  at: number;
}

/** How many tasks' runs are kept; the oldest records go first. */
const MAX_RECORDS = 100;
/** A record writer waits this long for another one, then gives up (nothing is recorded). */
const LOCK_WAIT_MS = 500;

/** The record of started runs kept in `dir` (normally `~/.torale`). */
export class StartedRuns {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** Absolute path of the record file. */
  get path(): string {
    return joinPath(this.#dir, "runs.json");
  }

  /** The run recorded for `taskId` and not yet reported, if any. */
  async recorded(taskId: string): Promise<StartedRun | undefined> {
    return (await this.#read())[taskId];
  }

  /** Records `runId` as the run started for `taskId`; whether it was saved. */
  async record(taskId: string, runId: string, at: number): Promise<boolean> {
    return await this.#change((records) => {
      records[taskId] = { run: runId, at };
      const newest = Object.entries(records).sort(([, a], [, b]) => b.at - a.at);
      return Object.fromEntries(newest.slice(0, MAX_RECORDS));
    });
  }

  /** Forgets the run of `taskId` once a wait has reported `runId`; whether anything changed. */
  async reported(taskId: string, runId: string): Promise<boolean> {
    if ((await this.recorded(taskId))?.run !== runId) return false;
    return await this.#change((records) => {
      if (records[taskId]?.run === runId) delete records[taskId];
      return records;
    });
  }

  async #read(): Promise<Record<string, StartedRun>> {
    try {
      const raw = JSON.parse(await Deno.readTextFile(this.path));
      if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
      const records: Record<string, StartedRun> = {};
      for (const [task, entry] of Object.entries(raw)) {
        const { run, at } = (entry ?? {}) as Partial<StartedRun>;
        if (typeof run === "string" && typeof at === "number") records[task] = { run, at };
      }
      return records;
    } catch {
      // Missing, unreadable or damaged: as if nothing was recorded.
      return {};
    }
  }

  async #change(
    change: (records: Record<string, StartedRun>) => Record<string, StartedRun>,
  ): Promise<boolean> {
    const temp = joinPath(this.#dir, `.runs.json.${crypto.randomUUID().slice(0, 8)}.tmp`);
    try {
      await Deno.mkdir(this.#dir, { recursive: true, mode: 0o700 });
      const release = await acquireLock(joinPath(this.#dir, "runs.json.lock"), {
        waitMs: LOCK_WAIT_MS,
      });
      try {
        const text = JSON.stringify(change(await this.#read()), null, 2) + "\n";
        await Deno.writeTextFile(temp, text, { createNew: true, mode: 0o600 });
        await Deno.rename(temp, this.path);
        return true;
      } finally {
        await release();
      }
    } catch {
      await Deno.remove(temp).catch(() => {});
      return false;
    }
  }
}
