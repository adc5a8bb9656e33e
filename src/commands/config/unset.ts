/** `torale config unset <key>`: remove a setting from the profile. */
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { forgetKey } from "../../kit/credentials.ts";
import { profileRaw, withProfile } from "../../config/profiles.ts";
import { checkKey } from "./settings.ts";

/** Runs `config unset <key>`. */
export default async function unset(this: Context, _flags: NoFlags, key: string): Promise<void> {
  const name = checkKey(key);
  const session = await Session.open(this.deps, this.globals);
  const profile = session.settings.profile.name;
  if (name === "api_key") {
    const { removed, notInStore } = await forgetKey(session, profile);
    if (notInStore) {
      session.warn(`${notInStore} had no key for profile "${profile}"; its reference is removed`);
    }
    if (!removed) return session.print(`api_key is not set for profile ${profile}`);
    return session.print(`${session.colors.ok} Removed api_key from ${removed}`);
  }
  if (profileRaw(session.config.raw, profile)?.[name] === undefined) {
    return session.print(`${name} is not set in ${session.store.path}`);
  }
  await session.store.update((raw) =>
    withProfile(raw, profile, (current) => {
      delete current[name];
      return current;
    })
  );
  session.print(`${session.colors.ok} Removed ${name} from ${session.store.path}`);
}
