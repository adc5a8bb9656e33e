/** `torale config set <key> <value>`: validate and save a setting. */
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { CONFIG_KEY_TABLE, type KeySpec } from "../../config/schema.ts";
import { maskKey } from "../../output/mask.ts";
import { saveKey } from "../../kit/credentials.ts";
import { withProfile } from "../../config/profiles.ts";
import { checkKey } from "./settings.ts";

/** Runs `config set <key> <value>`. */
export default async function set(
  this: Context,
  _flags: NoFlags,
  key: string,
  value: string,
): Promise<void> {
  const name = checkKey(key);
  const spec: KeySpec<unknown> = CONFIG_KEY_TABLE[name];
  const parsed = spec.parse(value.trim());
  const session = await Session.open(this.deps, this.globals, { allowNewProfile: true });
  if (name === "api_key") {
    // Into the file, as asked; a copy the profile had in the store is removed after.
    await saveKey(session, String(parsed), { insecure: true });
  } else {
    await session.store.update((raw) =>
      withProfile(raw, session.settings.profile.name, (profile) => ({ ...profile, [name]: parsed }))
    );
  }
  const shown = spec.secret ? maskKey(String(parsed)) : String(parsed);
  session.print(`${session.colors.ok} Set ${name} to ${shown} in ${session.store.path}`);
}
