/** `torale auth logout`: remove the stored key, keep every other setting. */
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";

/** Runs `auth logout`. */
export default async function logout(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  let removed = false;
  if (session.config.raw.api_key !== undefined) {
    await session.store.update((raw) => {
      removed = raw.api_key !== undefined;
      delete raw.api_key;
      return Object.keys(raw).length === 0 ? null : raw;
    });
  }
  const path = session.store.path;
  if (removed) session.print(`${session.colors.ok} Removed the API key from ${path}`);
  else session.print(`No API key was stored in ${path}`);
  if (this.deps.env("TORALE_API_KEY")) {
    session.warn("TORALE_API_KEY is still set and will keep authenticating commands");
  }
}
