/**
 * A small JSON file of the CLI's own memory in `~/.torale` (runs.json, generations.json): an
 * object of entries by key, each checked as it is read, written whole as config.json is (a 0600
 * file in the 0700 directory, through a temporary file renamed over the old one while the
 * file's own lock is held). Best effort throughout: a file that cannot be read is empty, one
 * that cannot be written stays as it was, and neither ever fails a command.
 */
import { joinPath } from "../paths.ts";
import { acquireLock } from "./lock.ts";

/** A writer waits this long for another one, then gives up (nothing is saved). */
const LOCK_WAIT_MS = 500;

/** The entries of one memory file. */
export class MemoFile<T> {
  readonly #dir: string;
  readonly #name: string;
  readonly #entry: (value: unknown) => T | undefined;

  /** `entry` turns what the file holds under a key into an entry, or undefined to drop it. */
  constructor(dir: string, name: string, entry: (value: unknown) => T | undefined) {
    this.#dir = dir;
    this.#name = name;
    this.#entry = entry;
  }

  /** Absolute path of the file. */
  get path(): string {
    return joinPath(this.#dir, this.#name);
  }

  /** Every entry the file holds (none when it is missing, unreadable or damaged). */
  async read(): Promise<Record<string, T>> {
    try {
      const raw = JSON.parse(await Deno.readTextFile(this.path));
      if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
      const entries: Record<string, T> = {};
      for (const [key, value] of Object.entries(raw)) {
        const entry = this.#entry(value);
        if (entry !== undefined) entries[key] = entry;
      }
      return entries;
    } catch {
      return {};
    }
  }

  /** Writes what `change` makes of the entries, read again under the lock; whether it was saved. */
  async change(change: (entries: Record<string, T>) => Record<string, T>): Promise<boolean> {
    const temp = joinPath(this.#dir, `.${this.#name}.${crypto.randomUUID().slice(0, 8)}.tmp`);
    try {
      await Deno.mkdir(this.#dir, { recursive: true, mode: 0o700 });
      const release = await acquireLock(joinPath(this.#dir, `${this.#name}.lock`), {
        waitMs: LOCK_WAIT_MS,
      });
      try {
        const text = JSON.stringify(change(await this.read()), null, 2) + "\n";
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
