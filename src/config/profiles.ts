/**
 * Profiles in `config.json`. The file's top-level settings are the `default`
 * profile, exactly as in the flat file every earlier version wrote, so such
 * a file needs no conversion and older versions still read the default
 * profile of a newer file. Other profiles live under `"profiles"`, and
 * `"current_profile"` names the one `torale auth switch` chose; both keys
 * are only written once a second profile exists or a switch is made.
 * A profile whose key is in the OS credential store has no `api_key`, only
 * `"api_key_store": "keychain"`. Pure: no I/O.
 */
import { UsageError } from "../errors.ts";
import { CONFIG_KEYS, configProblem, type ConfigValues } from "./schema.ts";

/** The profile the top-level settings belong to. */
export const DEFAULT_PROFILE = "default";
/** A letter or digit, then up to 31 letters, digits, `-` or `_`. */
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
/** The value of `api_key_store` when a profile's key is in the OS credential store. */
export const IN_KEYCHAIN = "keychain";

/** Where the profile in use was chosen. */
export type ProfileSource = "flag" | "env" | "file" | "default";

/** The profile in use and where it was chosen. */
export interface ProfileChoice {
  name: string;
  source: ProfileSource;
  /** The file's `current_profile` when it names no profile (`default` is used instead). */
  missing?: string;
}

/** The settings of one profile, as stored (known keys, `api_key_store`, and any other key). */
export type ProfileRaw = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Throws the usage error for a name that cannot be a profile's. */
export function checkProfileName(name: string, what = "profile name"): string {
  if (!PROFILE_NAME.test(name)) {
    throw new UsageError(`Invalid ${what} "${name.slice(0, 64)}"`, {
      hints: ["A profile name is 1-32 letters, digits, - or _, starting with a letter or digit."],
    });
  }
  return name;
}

/** The profiles other than `default` in a parsed file. */
function others(raw: Record<string, unknown>): Record<string, unknown> {
  return isObject(raw.profiles) ? raw.profiles : {};
}

/** The stored value of profile `name`: own keys only, so `constructor` is a name like any other. */
function storedProfile(raw: Record<string, unknown>, name: string): unknown {
  const profiles = others(raw);
  return Object.hasOwn(profiles, name) ? profiles[name] : undefined;
}

/** Every profile's name: `default` first, then the others in the file's order. */
export function profileNames(raw: Record<string, unknown>): string[] {
  const names = Object.keys(others(raw)).filter((name) =>
    name !== DEFAULT_PROFILE && PROFILE_NAME.test(name)
  );
  return [DEFAULT_PROFILE, ...names];
}

/** The profile `auth switch` chose, or `default`. */
export function currentProfile(raw: Record<string, unknown>): string {
  const current = raw.current_profile;
  return typeof current === "string" && profileNames(raw).includes(current)
    ? current
    : DEFAULT_PROFILE;
}

/** The stored settings of profile `name` (a copy), or undefined for an unknown one. */
export function profileRaw(raw: Record<string, unknown>, name: string): ProfileRaw | undefined {
  if (name === DEFAULT_PROFILE) {
    return Object.fromEntries(
      Object.entries(raw).filter(([key]) => key !== "profiles" && key !== "current_profile"),
    );
  }
  const profile = storedProfile(raw, name);
  return isObject(profile) ? { ...profile } : undefined;
}

/** The known settings of profile `name`, validated; `describe` names the file in errors. */
export function profileValues(
  raw: Record<string, unknown>,
  name: string,
  invalid: (reason: string) => Error,
): ConfigValues {
  if (raw.profiles !== undefined && !isObject(raw.profiles)) {
    throw invalid(`"profiles" must be an object of profiles by name`);
  }
  const stored = storedProfile(raw, name);
  if (name !== DEFAULT_PROFILE && stored !== undefined && !isObject(stored)) {
    throw invalid(`profile "${name}" must be an object of settings`);
  }
  const profile = profileRaw(raw, name) ?? {};
  if (name !== DEFAULT_PROFILE) {
    const problem = configProblem(profile);
    if (problem) throw invalid(`profile "${name}": ${problem}`);
  }
  return Object.fromEntries(
    CONFIG_KEYS.filter((key) => profile[key] !== undefined).map((key) => [key, profile[key]]),
  ) as ConfigValues;
}

/**
 * Chooses the profile: `--profile`, then TORALE_PROFILE, then the file's
 * current profile, then `default`. A bad name is a usage error; so is an
 * unknown profile, unless `allowNew` (a command that creates it).
 */
export function chooseProfile(input: {
  flag?: string;
  env?: string;
  raw: Record<string, unknown>;
  allowNew?: boolean;
}): ProfileChoice {
  const { raw } = input;
  let choice: ProfileChoice;
  const flag = input.flag?.trim();
  const env = input.env?.trim();
  if (flag) choice = { name: checkProfileName(flag), source: "flag" };
  else if (env) choice = { name: checkProfileName(env, "TORALE_PROFILE"), source: "env" };
  else {
    const name = currentProfile(raw);
    const named = raw.current_profile;
    if (named !== undefined && named !== DEFAULT_PROFILE && name === DEFAULT_PROFILE) {
      const missing = typeof named === "string" ? named : JSON.stringify(named);
      return { name, source: "default", missing: missing.slice(0, 64) };
    }
    return { name, source: name === DEFAULT_PROFILE ? "default" : "file" };
  }
  if (!input.allowNew) checkKnown(raw, choice.name, choice.source === "env");
  return choice;
}

/** The warning for a `current_profile` in the file at `path` that names no profile. */
export function missingProfileText(path: string, missing: string): string {
  return `${path} names "${missing}" as the current profile, which does not exist; using "${DEFAULT_PROFILE}". Choose one with \`torale auth switch <name>\`.`;
}

/** Throws the usage error for a profile that is not in the file, listing the known ones. */
export function checkKnown(raw: Record<string, unknown>, name: string, fromEnv = false): void {
  const known = profileNames(raw);
  if (known.includes(name)) return;
  throw new UsageError(`Unknown profile "${name}"${fromEnv ? " (from TORALE_PROFILE)" : ""}`, {
    hints: [
      `Known profiles: ${known.join(", ")}`,
      `Create it with: torale auth set-api-key --profile ${name}`,
    ],
  });
}

/**
 * The whole file with profile `name` replaced by what `change` makes of it
 * (null removes the profile; `default` is then emptied of its settings).
 * Top-level keys that are not settings, and every unknown key, stay.
 */
export function withProfile(
  raw: Record<string, unknown>,
  name: string,
  change: (profile: ProfileRaw) => ProfileRaw | null,
): Record<string, unknown> {
  const next = change(profileRaw(raw, name) ?? {});
  if (name === DEFAULT_PROFILE) {
    const kept: Record<string, unknown> = {};
    if (raw.current_profile !== undefined) kept.current_profile = raw.current_profile;
    if (raw.profiles !== undefined) kept.profiles = raw.profiles;
    return { ...(next ?? {}), ...kept };
  }
  const profiles = { ...others(raw) };
  if (next === null) delete profiles[name];
  else profiles[name] = next;
  const result: Record<string, unknown> = { ...raw, profiles };
  if (Object.keys(profiles).length === 0) delete result.profiles;
  if (next === null && raw.current_profile === name) delete result.current_profile;
  return result;
}
