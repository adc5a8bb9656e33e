/**
 * What `torale local-api` (src/commands/local_api/) loads of the local API, and only when it
 * runs: hono and node:sqlite come with it. The release bundle carries it as a file of its own
 * beside the CLI's (scripts/build.ts), so no other command pays to read it.
 */
import { dirname, resolve } from "node:path";

export { parseResults } from "./executor.ts";
export { type MintedKey, mintKey } from "./keys.ts";
export { type LocalApi, type LocalApiOptions, startLocalApi } from "./server.ts";
export { openStorage } from "./storage/mod.ts";

/**
 * Makes room for a database file: its folder (0700 when created) and the file itself (0600
 * when created), so the keys' hashes and the tasks are the user's alone. `:memory:` needs none.
 * Returns the file's absolute path, which another terminal's command can name as well.
 */
export async function prepareDatabase(path: string): Promise<string> {
  if (path === ":memory:") return path;
  path = resolve(path);
  await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    (await Deno.open(path, { write: true, createNew: true, mode: 0o600 })).close();
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    // A database an older version made 0644 holds webhook secrets and keys' hashes: only its
    // owner may read it (SQLite gives its -wal and -shm files the database's mode).
    const { mode } = await Deno.stat(path);
    if (Deno.build.os !== "windows" && mode !== null && (mode & 0o077) !== 0) {
      await Deno.chmod(path, mode & 0o700);
    }
  }
  return path;
}
