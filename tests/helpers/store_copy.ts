/**
 * The config store run by other processes. They import a copy of it that
 * anyone can read: `nobody` may not be able to read the clone itself (one
 * under a private, 0700, directory, as `mktemp -d` makes, shuts it out), and
 * a test passes whoever owns the clone.
 */
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(import.meta.dirname!, "..", "..");
const STORE = fileURLToPath(new URL("../../src/config/store.ts", import.meta.url));

/**
 * Copies src/config/store.ts and every module it imports (as `deno info`
 * lists them) to a new temp dir anyone can read; returns the copy's root.
 */
async function copyStore(): Promise<string> {
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", STORE],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(info.code, 0, new TextDecoder().decode(info.stderr));
  const { modules } = JSON.parse(new TextDecoder().decode(info.stdout)) as {
    modules: { kind: string; specifier: string; local?: string }[];
  };
  const copy = await Deno.makeTempDir({ prefix: "torale-store-" });
  await Deno.chmod(copy, 0o755);
  for (const module of modules) {
    if (module.kind === "node") continue;
    const path = relative(ROOT, module.local ?? "");
    assert(
      module.local && !path.startsWith(".."),
      `not a file of the project: ${module.specifier}`,
    );
    let dir = dirname(join(copy, path));
    await Deno.mkdir(dir, { recursive: true });
    for (; dir !== copy; dir = dirname(dir)) await Deno.chmod(dir, 0o755);
    await Deno.copyFile(module.local, join(copy, path));
    await Deno.chmod(join(copy, path), 0o644);
  }
  return copy;
}

let copied: Promise<string> | undefined;

/** The URL of store.ts in a copy anyone can read (made once per test process). */
export async function readableStoreCopy(): Promise<string> {
  copied ??= copyStore();
  return pathToFileURL(join(await copied, relative(ROOT, STORE))).href;
}

/**
 * One `update` that adds `<key>: true`. Inside its change, with the lock
 * held, it prints "locked" and holds the lock `<hold>` ms more. A failure is
 * printed and exits with the error's code, as main.ts would.
 */
const WRITER = `
import { ConfigStore } from "./src/config/store.ts";
const [dir, key, hold] = Deno.args;
const store = new ConfigStore(dir, { warn() {} });
try {
  await store.update(async (raw) => {
    console.log("locked");
    // An async pause: the event loop runs, so a signal sent now is seen while the lock is held.
    await new Promise((resolve) => setTimeout(resolve, Number(hold)));
    return { ...raw, [key]: true };
  });
} catch (error) {
  console.error(error.message);
  Deno.exit(error.exitCode ?? 1);
}
`;

/** How a writer ended. */
export interface WriterExit {
  code: number;
  signal: Deno.Signal | null;
  stderr: string;
}

/** A writer process started by {@link startWriter}. */
export interface Writer {
  /** The key it adds. */
  key: string;
  process: Deno.ChildProcess;
  /** Resolves once it holds the lock; never, if it does not get that far. */
  locked: Promise<void>;
  /** Resolves when it has exited. */
  done: Promise<WriterExit>;
}

let writerScript: Promise<string> | undefined;

/** Starts a process that adds `key` to the config in `dir`, holding the lock `hold` ms. */
export async function startWriter(
  dir: string,
  key: string,
  options: { hold?: number } = {},
): Promise<Writer> {
  writerScript ??= (async () => {
    const path = join(await (copied ??= copyStore()), "writer.ts");
    await Deno.writeTextFile(path, WRITER, { mode: 0o644 });
    return path;
  })();
  const script = await writerScript;
  const process = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      "--allow-read",
      "--allow-write",
      script,
      dir,
      key,
      String(options.hold ?? 0),
    ],
    cwd: dirname(script),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let onLocked = () => {};
  const locked = new Promise<void>((resolve) => onLocked = resolve);
  const stdout = (async () => {
    let text = "";
    for await (const chunk of process.stdout.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      if (text.includes("locked")) onLocked();
    }
  })();
  const stderr = new Response(process.stderr).text();
  const done = Promise.all([process.status, stderr, stdout]).then(([status, stderr]) => ({
    code: status.code,
    signal: status.signal,
    stderr,
  }));
  return { key, process, locked, done };
}

/** Kills (by PID) those of `writers` still running, and waits for all of them. */
export async function stopWriters(writers: readonly Writer[]): Promise<WriterExit[]> {
  for (const writer of writers) {
    try {
      writer.process.kill("SIGKILL");
    } catch {
      // Already exited.
    }
  }
  return await Promise.all(writers.map((writer) => writer.done));
}
