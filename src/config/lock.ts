/**
 * The writers' lock: an OS file lock (flock on Unix, LockFileEx on Windows)
 * on `config.json.lock`. The OS drops it when its owner dies, so a killed
 * writer's lock is free at once, and nothing can take it from a live owner,
 * even one that is suspended (Ctrl-Z, a laptop asleep) for hours.
 */
import { ConfigError } from "../errors.ts";

const isWindows = Deno.build.os === "windows";

/** How long a writer waits for another one to finish before giving up. */
export const LOCK_WAIT_MS = 5_000;

/** Gives the lock back and removes the lock file. */
export type Release = () => Promise<void>;

/** Whether `file` is still the one `path` names: a released lock file is removed, then freed. */
async function stillNamed(file: Deno.FsFile, path: string): Promise<boolean> {
  const held = await file.stat();
  let named: Deno.FileInfo;
  try {
    named = await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
  if (held.ino === null || named.ino === null) return named.isFile;
  return held.ino === named.ino && held.dev === named.dev;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it is aborted. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/**
 * Takes the lock at `path`, waiting at most `waitMs` for a live owner, and
 * resolves to the function that releases it. An abort of `signal` stops the
 * wait with the signal's reason.
 *
 * The non-blocking `tryLock` is polled rather than a blocking `lock()` raced
 * against a timer: a blocking call cannot be cancelled, so a writer that gave
 * up would still take the lock later from a thread nobody waits on.
 */
export async function acquireLock(
  path: string,
  options: { waitMs?: number; signal?: AbortSignal } = {},
): Promise<Release> {
  const deadline = Date.now() + (options.waitMs ?? LOCK_WAIT_MS);
  for (let attempt = 0;; attempt++) {
    options.signal?.throwIfAborted();
    let held = false;
    let file: Deno.FsFile | undefined;
    try {
      file = await Deno.open(path, { write: true, create: true, mode: 0o600 });
      held = await file.tryLock(true) && await stillNamed(file, path);
    } catch (error) {
      // On Windows a lock file that its owner has removed but not yet closed
      // cannot be opened for a moment: that is a busy lock, not a denial.
      const pending = isWindows && error instanceof Deno.errors.PermissionDenied;
      if (!pending || Date.now() >= deadline) throw error;
    } finally {
      if (!held) file?.close();
    }
    if (held && file) {
      return async () => {
        // Removed while still held: a writer that then locks this same file
        // finds that the path no longer names it, and starts over.
        await Deno.remove(path).catch(() => {});
        file.close();
      };
    }
    if (Date.now() >= deadline) {
      throw new ConfigError(`Config file is locked: ${path}`, {
        hints: [
          "Another torale process is writing the config: let it finish, or resume it if it is stopped (Ctrl-Z).",
          "Removing the lock file does not help: the lock of a process that has ended frees itself.",
        ],
      });
    }
    // Jittered backoff, 2 ms up to 50 ms, so waiting writers do not poll in step.
    await pause(Math.min(50, 2 ** (attempt + 1)) * (0.5 + Math.random()), options.signal);
  }
}

const SIGNALS: Deno.Signal[] = isWindows ? ["SIGINT"] : ["SIGINT", "SIGTERM"];

/**
 * Runs `work` with SIGINT and SIGTERM caught instead of ending the process:
 * the first one aborts the signal `work` receives (its reason is the
 * signal's name), so `work` can finish or roll back and clean up. The usual
 * handling comes back when `work` settles.
 */
export async function catchingSignals<T>(work: (caught: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const listeners = SIGNALS.map((name) => {
    const listener = () => controller.abort(name);
    Deno.addSignalListener(name, listener);
    return [name, listener] as const;
  });
  try {
    return await work(controller.signal);
  } finally {
    for (const [name, listener] of listeners) Deno.removeSignalListener(name, listener);
  }
}
