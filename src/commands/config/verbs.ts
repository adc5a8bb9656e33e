/** `torale config [list|get|set|unset|path]`: read and change ~/.torale/config.json. */
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { configStore } from "../../config/store.ts";
import { settingFor } from "../../config/resolve.ts";
import {
  CONFIG_KEY_TABLE,
  CONFIG_KEYS,
  type ConfigKey,
  isConfigKey,
  type KeySpec,
} from "../../config/schema.ts";
import { UsageError } from "../../errors.ts";
import { maskKey } from "../../output/mask.ts";
import { forgetKey, keyLocation, saveKey } from "../../kit/credentials.ts";
import { profileRaw, withProfile } from "../../config/profiles.ts";

function checkKey(key: string): ConfigKey {
  if (!isConfigKey(key)) {
    throw new UsageError(`Unknown config key "${key}"`, {
      hints: [`Known keys: ${CONFIG_KEYS.join(", ")}`],
    });
  }
  return key;
}

/** Each key's effective value (secrets masked) and where it came from. */
function effective(session: Session) {
  const label = (source: string, env: string | undefined) =>
    source === "file"
      ? session.store.path
      : source === "env"
      ? `env (${env})`
      : source === "keychain"
      ? `${session.keychainName} (profile ${session.settings.profile.name})`
      : source === "noauth"
      ? "env (TORALE_NOAUTH)"
      : source;
  return Object.fromEntries(CONFIG_KEYS.map((key) => {
    const spec: KeySpec<unknown> = CONFIG_KEY_TABLE[key];
    const { value, source } = settingFor(session.settings, key);
    const shown = value === undefined ? null : spec.secret ? maskKey(String(value)) : value;
    return [key, { value: shown, source: label(source, spec.env) }];
  })) as Record<ConfigKey, { value: string | number | null; source: string }>;
}

/** Runs `config` / `config list`. */
export async function list(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const { profile } = session.settings;
  const from = { flag: "--profile", env: "env (TORALE_PROFILE)", file: session.store.path }[
    profile.source as string
  ] ?? "default";
  const stored = keyLocation(session, profile.name);
  const rows = {
    profile: { value: profile.name, source: from },
    ...effective(session),
    key_stored_in: { value: stored ?? null, source: "profile " + profile.name },
  };
  await session.output(rows, (rows) => {
    session.table(
      [{ header: "KEY" }, { header: "VALUE", shrink: true }, { header: "SOURCE", shrink: true }],
      Object.entries(rows).map(([key, { value, source }]) => [
        key,
        value === null ? "(not set)" : String(value),
        source,
      ]),
    );
  });
}

/** Runs `config get <key>`: the effective value (the key masked, the generation detected). */
export async function get(this: Context, _flags: NoFlags, key: string): Promise<void> {
  const name = checkKey(key);
  const session = await Session.open(this.deps, this.globals);
  let entry = effective(session)[name];
  // Asked for by name, `auto` is resolved: the one config read that asks the API (GET /health).
  if (name === "api_generation" && entry.value === "auto") {
    entry = { value: await session.generation(), source: "detected (GET /health)" };
  }
  await session.output(entry, (entry) => {
    session.print(entry.value === null ? "" : String(entry.value));
  });
}

/** Runs `config set <key> <value>`. */
export async function set(
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

/** Runs `config unset <key>`. */
export async function unset(this: Context, _flags: NoFlags, key: string): Promise<void> {
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

/** Runs `config path`. */
export function path(this: Context): void {
  this.deps.io.stdout.write(configStore(this.deps).path + "\n");
}
