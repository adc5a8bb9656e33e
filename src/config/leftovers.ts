/**
 * What a write leaves in the config directory: the name of a writer's
 * temporary file, and the sweep that removes those of writers that died.
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
