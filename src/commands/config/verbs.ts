/** `torale config [list|get|set|unset|path]`: read and change ~/.torale/config.json. */
import type { Context, NoFlags } from "../../kit/context.ts";
import { configStore, Session } from "../../kit/session.ts";
import {
  API_KEY_PATTERN,
  checkUrl,
  CONFIG_KEYS,
  type ConfigKey,
  isConfigKey,
  OUTPUT_FORMATS,
  parseTimeout,
} from "../../config/schema.ts";
import { UsageError } from "../../errors.ts";
import { maskKey } from "../../output/mask.ts";

function checkKey(key: string): ConfigKey {
  if (!isConfigKey(key)) {
    throw new UsageError(`Unknown config key "${key}"`, {
      hints: [`Known keys: ${CONFIG_KEYS.join(", ")}`],
    });
  }
  return key;
}

/** Effective settings with their sources. */
function effective(session: Session) {
  const { settings } = session;
  const label = (source: string, envVar: string) =>
    source === "file" ? session.store.path : source === "env" ? `env (${envVar})` : source;
  return {
    api_key: {
      value: settings.apiKey.value ? maskKey(settings.apiKey.value) : null,
      source: settings.noauth ? "TORALE_NOAUTH" : label(settings.apiKey.source, "TORALE_API_KEY"),
    },
    api_url: {
      value: settings.apiUrl.value,
      source: settings.apiUrl.source === "noauth"
        ? "env (TORALE_NOAUTH)"
        : label(settings.apiUrl.source, "TORALE_API_URL"),
    },
    output_format: { value: settings.output.value, source: label(settings.output.source, "") },
    timeout: { value: settings.timeout.value, source: label(settings.timeout.source, "") },
  };
}

/** Runs `config` / `config list`. */
export async function list(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const rows = effective(session);
  await session.output(rows, () => {
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

/** Runs `config get <key>`: the effective value (the key masked). */
export async function get(this: Context, _flags: NoFlags, key: string): Promise<void> {
  const name = checkKey(key);
  const session = await Session.open(this.deps, this.globals);
  const entry = effective(session)[name];
  await session.output(entry, () => {
    session.print(entry.value === null ? "" : String(entry.value));
  });
}

function parseValue(key: ConfigKey, value: string): string | number {
  const trimmed = value.trim();
  switch (key) {
    case "api_key":
      if (!API_KEY_PATTERN.test(trimmed)) {
        throw new UsageError("Invalid API key format", {
          hints: ["Expected sk_ followed by at least 32 letters, digits, _ or -."],
        });
      }
      return trimmed;
    case "api_url": {
      checkUrl("value for api_url", trimmed);
      return trimmed.replace(/\/+$/, "");
    }
    case "output_format":
      if (!(OUTPUT_FORMATS as readonly string[]).includes(trimmed)) {
        throw new UsageError(`Invalid value for output_format "${value}"`, {
          hints: [`Expected one of: ${OUTPUT_FORMATS.join(", ")}`],
        });
      }
      return trimmed;
    case "timeout":
      return parseTimeout(trimmed);
  }
}

/** Runs `config set <key> <value>`. */
export async function set(
  this: Context,
  _flags: NoFlags,
  key: string,
  value: string,
): Promise<void> {
  const name = checkKey(key);
  const parsed = parseValue(name, value);
  const session = await Session.open(this.deps, this.globals);
  await session.store.update((raw) => ({ ...raw, [name]: parsed }));
  const shown = name === "api_key" ? maskKey(String(parsed)) : String(parsed);
  session.print(`${session.colors.green("✓")} Set ${name} to ${shown} in ${session.store.path}`);
}

/** Runs `config unset <key>`. */
export async function unset(this: Context, _flags: NoFlags, key: string): Promise<void> {
  const name = checkKey(key);
  const session = await Session.open(this.deps, this.globals);
  if (session.config.raw[name] === undefined) {
    return session.print(`${name} is not set in ${session.store.path}`);
  }
  await session.store.update((raw) => {
    delete raw[name];
    return raw;
  });
  session.print(`${session.colors.green("✓")} Removed ${name} from ${session.store.path}`);
}

/** Runs `config path`. */
export function path(this: Context): void {
  this.deps.io.stdout.write(configStore(this.deps).path + "\n");
}
