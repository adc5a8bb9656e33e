/**
 * `torale local-api create-key`: mints a key in the local API's database. The key alone goes
 * to stdout, to pipe into `torale auth set-api-key`; what happened goes to stderr.
 */
import type { Context } from "../../kit/context.ts";
import { clean } from "../../output/sanitize.ts";
import { databaseOf, loadLocalApi } from "./module.ts";

/** Flags of `local-api create-key`. */
export interface CreateKeyFlags {
  email: string;
  name: string;
  db?: string;
}

/** Mints the key; names on stderr the keys of that user it revoked (one active key each). */
export default async function createKey(this: Context, flags: CreateKeyFlags): Promise<void> {
  const { stdout, stderr } = this.deps.io;
  const db = databaseOf(flags.db, this.deps.homeDir);
  const module = await loadLocalApi();
  const storage = module.openStorage(await module.prepareDatabase(db));
  let minted;
  try {
    minted = await module.mintKey(storage, { email: flags.email, name: flags.name });
  } finally {
    storage.close();
  }
  for (const row of minted.revoked) {
    stderr.write(clean(`Revoked key "${row.name}" (${row.key_prefix}) of ${flags.email}`) + "\n");
  }
  stderr.write(
    clean(`Created key "${flags.name}" for ${flags.email}; it is shown only once:`) + "\n",
  );
  stdout.write(minted.key + "\n");
}
