/** `torale auth move-key <keychain|file>`: move the profile's saved key, losing nothing. */
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { keyLocation, readKeychainKey, saveKey } from "../../kit/credentials.ts";
import { IN_KEYCHAIN, profileRaw } from "../../config/profiles.ts";
import { ConfigError, UsageError } from "../../errors.ts";

/** Runs `auth move-key <keychain|file>`: moves the profile's saved key, losing nothing. */
export default async function moveKey(this: Context, _flags: NoFlags, to: string): Promise<void> {
  if (to !== "keychain" && to !== "file") {
    throw new UsageError(`Unknown place "${to}"`, { hints: ["Expected keychain or file."] });
  }
  const session = await Session.open(this.deps, this.globals);
  const profile = session.settings.profile.name;
  const where = keyLocation(session, profile);
  const raw = profileRaw(session.config.raw, profile) ?? {};
  const now = raw.api_key_store === IN_KEYCHAIN ? "keychain" : where ? "file" : undefined;
  if (!now) {
    throw new ConfigError(`Profile "${profile}" has no saved key to move`, {
      hints: ["Save one with: torale auth set-api-key"],
    });
  }
  if (now === to) return session.print(`The key of profile ${profile} is already in ${where}`);
  const key = now === "file"
    ? String(raw.api_key)
    : (await readKeychainKey(this.deps, profile)).key;
  if (!key) {
    throw new ConfigError(`Could not read the key of profile "${profile}" from the store`, {
      hints: [
        "Nothing was moved. Save the key again with: torale auth set-api-key --insecure-storage",
      ],
    });
  }
  const saved = await saveKey(session, key, { insecure: to === "file", storeRequired: true });
  session.print(`${session.colors.ok} Moved the key of profile ${profile} to ${saved.place}`);
}
