/** What the config verbs share: checking a key's name, and each key's effective value. */
import type { Session } from "../../kit/session.ts";
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

/** `key` as a config key; a usage error naming the known keys when it is not one. */
export function checkKey(key: string): ConfigKey {
  if (!isConfigKey(key)) {
    throw new UsageError(`Unknown config key "${key}"`, {
      hints: [`Known keys: ${CONFIG_KEYS.join(", ")}`],
    });
  }
  return key;
}

/** Each key's effective value (secrets masked) and where it came from. */
export function effectiveSettings(session: Session) {
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
