/**
 * The API generation each API URL was last found to speak, in `~/.torale/generations.json`,
 * so that only the first command against an API pays its `GET /health`. An entry is trusted
 * for {@link GENERATION_TTL_MS}; a command that sees an answer of the other generation forgets
 * it. Best effort throughout, like runs.json: a home that cannot be read or written (read-only,
 * full, locked by another writer) only means the generation is detected again, never a failed
 * command. Written as config.json is: a 0600 file in the 0700 directory, through a temporary
 * file renamed over the old one while the file's own lock is held.
 */
import { joinPath } from "../paths.ts";
import { acquireLock } from "./lock.ts";

/** A generation as the store keeps it (the API layer's `Generation`). */
export type KnownGeneration = "classic" | "current";

/** One remembered answer: the generation, and when it was learned (ms since the epoch). */
interface Entry {
  generation: KnownGeneration;
  at: number;
}

/** How long a remembered generation is trusted: a day. */
export const GENERATION_TTL_MS = 24 * 60 * 60 * 1000;
/** How many API URLs are remembered; the oldest go first. */
const MAX_ENTRIES = 50;
/** A writer waits this long for another one, then gives up (nothing is remembered). */
const LOCK_WAIT_MS = 500;

/** The generations remembered in `dir` (normally `~/.torale`). */
export class KnownGenerations {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** Absolute path of the file. */
  get path(): string {
    return joinPath(this.#dir, "generations.json");
  }

  /** The generation remembered for `url`, unless none was or it is older than a day at `now`. */
  async recall(url: string, now: number): Promise<KnownGeneration | undefined> {
    const entry = (await this.#read())[url];
    if (!entry || now - entry.at > GENERATION_TTL_MS || entry.at > now) return undefined;
    return entry.generation;
  }

  /** Remembers that `url` speaks `generation` as of `now`; whether it was saved. */
  async remember(url: string, generation: KnownGeneration, now: number): Promise<boolean> {
    return await this.#change((entries) => {
      entries[url] = { generation, at: now };
      const newest = Object.entries(entries).sort(([, a], [, b]) => b.at - a.at);
      return Object.fromEntries(newest.slice(0, MAX_ENTRIES));
    });
  }

  /** Forgets what was remembered for `url`; whether anything changed. */
  async forget(url: string): Promise<boolean> {
    if (!(url in await this.#read())) return false;
    return await this.#change((entries) => {
      delete entries[url];
      return entries;
    });
  }

  async #read(): Promise<Record<string, Entry>> {
    try {
      const raw = JSON.parse(await Deno.readTextFile(this.path));
      if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
      const entries: Record<string, Entry> = {};
      for (const [url, value] of Object.entries(raw)) {
        const { generation, at } = (value ?? {}) as Partial<Entry>;
        if ((generation === "classic" || generation === "current") && typeof at === "number") {
          entries[url] = { generation, at };
        }
      }
      return entries;
    } catch {
      // Missing, unreadable or damaged: as if nothing was remembered.
      return {};
    }
  }

  async #change(
    change: (entries: Record<string, Entry>) => Record<string, Entry>,
  ): Promise<boolean> {
    const temp = joinPath(this.#dir, `.generations.json.${crypto.randomUUID().slice(0, 8)}.tmp`);
    try {
      await Deno.mkdir(this.#dir, { recursive: true, mode: 0o700 });
      const release = await acquireLock(joinPath(this.#dir, "generations.json.lock"), {
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
