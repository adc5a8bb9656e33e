/**
 * The API generation each API URL was last found to speak, in `~/.torale/generations.json`,
 * so that only the first command against an API pays its `GET /health`. An entry is trusted
 * for {@link GENERATION_TTL_MS}; a command that sees an answer of the other generation forgets
 * it. Best effort throughout, like runs.json: a home that cannot be read or written (read-only,
 * full, locked by another writer) only means the generation is detected again, never a failed
 * command. Written as config.json is: a 0600 file in the 0700 directory, through a temporary
 * file renamed over the old one while the file's own lock is held.
 */
import { MemoFile } from "./memo_file.ts";

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

/** The generations remembered in `dir` (normally `~/.torale`). */
export class KnownGenerations {
  readonly #file: MemoFile<Entry>;

  constructor(dir: string) {
    this.#file = new MemoFile(dir, "generations.json", (value) => {
      const { generation, at } = (value ?? {}) as Partial<Entry>;
      return (generation === "classic" || generation === "current") && typeof at === "number"
        ? { generation, at }
        : undefined;
    });
  }

  /** Absolute path of the file. */
  get path(): string {
    return this.#file.path;
  }

  /** The generation remembered for `url`, unless none was or it is older than a day at `now`. */
  async recall(url: string, now: number): Promise<KnownGeneration | undefined> {
    const entries = await this.#file.read();
    const entry = Object.hasOwn(entries, url) ? entries[url] : undefined;
    if (!entry || now - entry.at > GENERATION_TTL_MS || entry.at > now) return undefined;
    return entry.generation;
  }

  /** Remembers that `url` speaks `generation` as of `now`; whether it was saved. */
  async remember(url: string, generation: KnownGeneration, now: number): Promise<boolean> {
    return await this.#file.change((entries) => {
      entries[url] = { generation, at: now };
      const newest = Object.entries(entries).sort(([, a], [, b]) => b.at - a.at);
      return Object.fromEntries(newest.slice(0, MAX_ENTRIES));
    });
  }

  /** Forgets what was remembered for `url`; whether anything changed. */
  async forget(url: string): Promise<boolean> {
    if (!Object.hasOwn(await this.#file.read(), url)) return false;
    return await this.#file.change((entries) => {
      delete entries[url];
      return entries;
    });
  }
}
