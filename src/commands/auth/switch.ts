/** `torale auth switch <name>`: make a profile the active one. */
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { checkKnown, checkProfileName, DEFAULT_PROFILE } from "../../config/profiles.ts";

/** Runs `auth switch <name>`. */
export default async function switchTo(
  this: Context,
  _flags: NoFlags,
  input: string,
): Promise<void> {
  const name = checkProfileName(input.trim());
  const session = await Session.open(this.deps, this.globals);
  checkKnown(session.config.raw, name);
  await session.store.update((raw) => {
    const next = { ...raw };
    if (name === DEFAULT_PROFILE) delete next.current_profile;
    else next.current_profile = name;
    return next;
  });
  session.print(`${session.colors.ok} Switched to profile ${name}`);
  if (this.deps.env("TORALE_PROFILE")) {
    session.warn("TORALE_PROFILE is set and still takes priority over the switched profile");
  }
}
