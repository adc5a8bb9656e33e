/** `torale auth logout`: remove the stored key, keep every other setting. */
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { ConfigError } from "../../errors.ts";

/** Runs `auth logout`. */
export default async function logout(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const { store } = session;
  let removed = false;
  if (session.config.raw.api_key !== undefined) {
    await store.update((raw) => {
      removed = raw.api_key !== undefined;
      delete raw.api_key;
      return Object.keys(raw).length === 0 ? null : raw;
    });
  }
  // The key counts as removed only when no file under ~/.torale holds one: a
  // copy an interrupted write left is deleted on the way, a backup is not.
  const copies = await store.keyCopies();
  if (copies.length === 0) {
    if (removed) session.print(`${session.colors.ok} Removed the API key from ${store.path}`);
    else session.print(`No API key was stored in ${store.path}`);
  }
  if (this.deps.env("TORALE_API_KEY")) {
    session.warn("TORALE_API_KEY is still set and will keep authenticating commands");
  }
  if (copies.length > 0) {
    throw new ConfigError(`An API key is still stored in ${copies.join(", ")}`, {
      hints: [
        ...(removed
          ? [`"api_key" was removed from ${store.path}, but that is not the only copy.`]
          : []),
        "Delete the key from these files by hand; torale only removes the files it writes.",
      ],
    });
  }
}
