/**
 * What a write leaves in the config directory: the name of a writer's
 * temporary file, the sweep that removes those of writers that died, and
 * the search for any file that still holds something shaped like a key.
 */
import { joinPath } from "../paths.ts";

/** `.config.json.<8 hex digits>.tmp`, as every version of torale names its temporary files. */
const TEMP_NAME = /^\.config\.json\.[0-9a-f]{8}\.tmp$/;

/** A new temporary file name in `dir`, beside `config.json`. */
export function tempPath(dir: string): string {
  return joinPath(dir, `.config.json.${crypto.randomUUID().slice(0, 8)}.tmp`);
}

/**
 * Removes the temporary files in `dir`. Called with the lock held, when no
 * live writer has one: each was left by a writer that was killed before it
 * could rename or remove it, and may hold a full copy of the key.
 */
export async function removeTempFiles(dir: string): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    if (!TEMP_NAME.test(entry.name) || entry.isDirectory) continue;
    await Deno.remove(joinPath(dir, entry.name)).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    });
  }
}

/** `sk_` and 32 key characters: how anything shaped like an API key starts. */
const KEY_START = /sk_[A-Za-z0-9_-]{32}/;

/** Whether the regular file at `path` contains something shaped like a key. */
async function holdsKey(path: string): Promise<boolean> {
  using file = await Deno.open(path, { read: true });
  const buffer = new Uint8Array(1024 * 1024);
  // One character per byte, so a key split across two reads is found in the overlap.
  const decoder = new TextDecoder("latin1");
  let tail = "";
  while (true) {
    const count = await file.read(buffer);
    if (count === null) return false;
    const text = tail + decoder.decode(buffer.subarray(0, count));
    if (KEY_START.test(text)) return true;
    tail = text.slice(-34);
  }
}

/**
 * Folders of `~/.torale` that are not the CLI's: `torale local-api` keeps its database there (the
 * server's keys, hashed, whose bytes can look like a key), never a copy of the CLI's own key.
 */
const NOT_THE_CLIS = new Set(["local-api"]);

/**
 * The regular files under `dir` (sub-directories included, symbolic links,
 * FIFOs and devices skipped, and the local API's folder) that contain
 * something shaped like an API key.
 */
export async function filesHoldingKeys(dir: string, depth = 0): Promise<string[]> {
  const found: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const path = joinPath(dir, entry.name);
      if (depth === 0 && entry.isDirectory && NOT_THE_CLIS.has(entry.name)) continue;
      if (entry.isDirectory && depth < 8) found.push(...await filesHoldingKeys(path, depth + 1));
      else if (entry.isFile && await holdsKey(path)) found.push(path);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return found.sort();
}
