/**
 * The permission-scoped config module: the only code that touches
 * `~/.torale/config.json`. The directory is 0700 (set back on every write),
 * the file 0600, and every write goes to a temporary file that is renamed
 * over the old one while an OS file lock is held (lock.ts), so readers never
 * see a partial file and two writers never lose each other's changes. Under
 * the lock, temporary files of killed writers are removed (leftovers.ts), and
 * SIGINT/SIGTERM wait until the write is done or rolled back. Reading is
 * bounded and strict (load.ts).
 */
import { joinPath } from "../paths.ts";
import type { Deps } from "../deps.ts";
import { ConfigError, InterruptedError } from "../errors.ts";
import { configProblem, type ConfigValues } from "./schema.ts";
import { acquireLock, catchingSignals, LOCK_WAIT_MS, type Release } from "./lock.ts";
import { filesHoldingKeys, removeTempFiles, tempPath } from "./leftovers.ts";
import { invalidFile, loadConfig, permissionError } from "./load.ts";
import { fitProse } from "../output/wrap.ts";

/** What {@link ConfigStore.read} found. */
export interface ConfigSnapshot {
  /** The known keys, validated. */
  values: ConfigValues;
  /** The whole parsed object, unknown keys included. */
  raw: Record<string, unknown>;
  /** Whether the file exists. */
  exists: boolean;
}

const isWindows = Deno.build.os === "windows";

const UNCHANGED = "The config file was not changed.";

/** The error that stops the process after a SIGINT or SIGTERM caught during a write. */
function interrupted(caught: AbortSignal, hint: string): InterruptedError {
  const signal = caught.reason === "SIGTERM" ? "SIGTERM" : "SIGINT";
  return new InterruptedError({ signal, hints: [hint] });
}

/** The permission bits of `mode`, in octal: `755`. */
function octal(mode: number): string {
  return (mode & 0o777).toString(8);
}

/** Reads and writes one config file. */
export class ConfigStore {
  readonly #dir: string;
  readonly #warn: (message: string) => void;
  readonly #lockWaitMs: number;
  #warnedFile = false;
  #warnedDir = false;

  /**
   * @param dir the config directory, normally `~/.torale`
   * @param options.warn receives warnings (modes open to other users, and their fixes)
   * @param options.lockWaitMs how long a write waits for another one (5 s)
   */
  constructor(dir: string, options: { warn: (message: string) => void; lockWaitMs?: number }) {
    this.#dir = dir;
    this.#warn = options.warn;
    this.#lockWaitMs = options.lockWaitMs ?? LOCK_WAIT_MS;
  }

  /** Absolute path of the config file. */
  get path(): string {
    return joinPath(this.#dir, "config.json");
  }

  /** Absolute path of the config directory. */
  get dir(): string {
    return this.#dir;
  }

  /**
   * The permission bits (`mode & 0o777`) of the directory and the file:
   * undefined for one that does not exist, null where the system has no
   * Unix modes (Windows).
   */
  async modes(): Promise<{ dir: number | null | undefined; file: number | null | undefined }> {
    const mode = async (path: string) => {
      try {
        const info = await Deno.stat(path);
        return info.mode === null ? null : info.mode & 0o777;
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return undefined;
        if (error instanceof Deno.errors.PermissionDenied) {
          throw permissionError(path, "inspect", error);
        }
        throw error;
      }
    };
    return { dir: await mode(this.#dir), file: await mode(this.path) };
  }

  /** Reads and validates the file; a missing file is an empty config. */
  async read(): Promise<ConfigSnapshot> {
    const raw = await loadConfig(this.path);
    if (raw === undefined) return { values: {}, raw: {}, exists: false };
    await this.#checkModes();
    const problem = configProblem(raw);
    if (problem) throw invalidFile(this.path, problem);
    return { values: raw as ConfigValues, raw, exists: true };
  }

  /**
   * Applies `change` to the current contents under the lock and writes the
   * result atomically. `change` returns the new object, or null to remove
   * the file. Unknown keys survive because `change` receives them all.
   */
  async update(
    change: (
      raw: Record<string, unknown>,
    ) => Record<string, unknown> | null | Promise<Record<string, unknown> | null>,
  ): Promise<void> {
    try {
      await this.#ensureDir();
      await this.#locked(async (caught) => {
        await this.#refuseLink();
        const { raw } = await this.read();
        const next = await change({ ...raw });
        if (caught.aborted) throw interrupted(caught, UNCHANGED);
        if (next === null) {
          await Deno.remove(this.path).catch((error) => {
            if (!(error instanceof Deno.errors.NotFound)) throw error;
          });
        } else {
          await this.#writeAtomically(JSON.stringify(next, null, 2) + "\n", caught);
        }
      }, "The change was saved before stopping.");
    } catch (error) {
      if (error instanceof Deno.errors.PermissionDenied) {
        throw permissionError(this.path, "write", error);
      }
      const code = (error as { code?: unknown }).code;
      if (code === "ENOSPC" || code === "EDQUOT") {
        const why = code === "ENOSPC" ? "the disk is full" : "the disk quota is used up";
        throw new ConfigError(`Could not write ${this.path}: ${why}`, {
          cause: error,
          hints: [`${UNCHANGED} Free some space, then run the command again.`],
        });
      }
      throw error;
    }
  }

  /**
   * The files under the config directory that hold something shaped like an
   * API key. Looked for under the lock, after removing the temporary files of
   * writers that died, so no live writer's file is among them.
   */
  async keyCopies(): Promise<string[]> {
    try {
      await Deno.stat(this.#dir);
      return await this.#locked(
        () => filesHoldingKeys(this.#dir),
        "Stopped before listing the files that still hold a key.",
      );
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return [];
      if (error instanceof Deno.errors.PermissionDenied) {
        throw permissionError(this.#dir, "read", error);
      }
      throw error;
    }
  }

  /**
   * Runs `work` holding the lock, once the temporary files of dead writers
   * are gone. SIGINT and SIGTERM are caught from before the lock is taken
   * until it is released and its file removed: one that comes while waiting
   * ends the wait; a later one lets `work` finish or roll back (it sees
   * `caught`), then stops the process as asked (exit 130 or 143), with
   * `afterHint` saying what was done.
   */
  async #locked<T>(work: (caught: AbortSignal) => Promise<T>, afterHint: string): Promise<T> {
    return await catchingSignals(async (caught) => {
      let release: Release;
      try {
        release = await acquireLock(joinPath(this.#dir, "config.json.lock"), {
          waitMs: this.#lockWaitMs,
          signal: caught,
        });
      } catch (error) {
        if (caught.aborted) throw interrupted(caught, UNCHANGED);
        throw error;
      }
      let result: T;
      try {
        await removeTempFiles(this.#dir);
        result = await work(caught);
      } finally {
        await release();
      }
      if (caught.aborted) throw interrupted(caught, afterHint);
      return result;
    });
  }

  /**
   * Refuses to write when config.json is a symbolic link. Replacing the link
   * would quietly break the user's setup (and leave the key in its target on
   * logout); writing through it would put the key wherever it points, often a
   * dotfiles repository, where no 0700 directory guards it.
   */
  async #refuseLink() {
    try {
      if (!(await Deno.lstat(this.path)).isSymlink) return;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      throw error;
    }
    const target = await Deno.realPath(this.path).catch(() => Deno.readLink(this.path));
    throw new ConfigError(`Refusing to write ${this.path}: it is a symbolic link to ${target}`, {
      hints: [
        `torale keeps the API key only in a regular file inside ${this.#dir}.`,
        `Replace the link with a copy of its target: rm "${this.path}" && cp "${target}" "${this.path}"`,
      ],
    });
  }

  async #checkModes() {
    if (isWindows) return;
    const file = (await Deno.stat(this.path)).mode;
    if (!this.#warnedFile && file !== null && (file & 0o077) !== 0) {
      this.#warnedFile = true;
      const fix = `chmod 600 "${this.path}"`;
      this.#warn(
        `${this.path} is readable by other users (mode ${octal(file)}); fix it with: ${fix}`,
      );
    }
    // Whoever may write in the directory may replace config.json, e.g. with an
    // api_url of theirs that the next command sends the key to.
    const dir = (await Deno.stat(this.#dir)).mode;
    if (!this.#warnedDir && dir !== null && (dir & 0o022) !== 0) {
      this.#warnedDir = true;
      const fix = `chmod 700 "${this.#dir}"`;
      this.#warn(
        `${this.#dir} is writable by other users (mode ${octal(dir)}); fix it with: ${fix}`,
      );
    }
  }

  async #ensureDir() {
    try {
      await Deno.mkdir(this.#dir, { recursive: true, mode: 0o700 });
      if (isWindows) return;
      // mkdir's mode only applies to a new directory; one made earlier may be open to others.
      const mode = (await Deno.stat(this.#dir)).mode;
      if (mode === null || (mode & 0o077) === 0) return;
      await Deno.chmod(this.#dir, 0o700);
      this.#warn(
        `Changed the mode of ${this.#dir} from ${octal(mode)} to 700: it holds your API key`,
      );
    } catch (error) {
      if (error instanceof Deno.errors.PermissionDenied) {
        throw permissionError(this.#dir, "create", error);
      }
      throw error;
    }
  }

  async #writeAtomically(text: string, caught: AbortSignal) {
    const temp = tempPath(this.#dir);
    try {
      {
        using file = await Deno.open(temp, {
          write: true,
          createNew: true,
          mode: 0o600,
        });
        let bytes = new TextEncoder().encode(text);
        while (bytes.length > 0) bytes = bytes.subarray(await file.write(bytes));
        // Flushed before the rename: a crash leaves the old file or the new one, never a torn one.
        await file.syncData();
      }
      if (!isWindows) await Deno.chmod(temp, 0o600);
      // The last moment to stop without changing anything.
      if (caught.aborted) throw interrupted(caught, UNCHANGED);
      await Deno.rename(temp, this.path);
    } catch (error) {
      await Deno.remove(temp).catch(() => {});
      throw error;
    }
  }
}

/** The config store for this user, or a clear error when HOME is unknown. */
export function configStore(deps: Deps): ConfigStore {
  if (!deps.homeDir) {
    throw new ConfigError("Cannot find your home directory", {
      hints: ["Set HOME (USERPROFILE on Windows) so the CLI can find ~/.torale/config.json."],
    });
  }
  return new ConfigStore(joinPath(deps.homeDir, ".torale"), {
    warn: (message) => deps.io.stderr.write(fitProse(`Warning: ${message}`, deps.io.stderr) + "\n"),
  });
}
