/**
 * Where a profile's key lives: the OS credential store (the file then holds
 * only `"api_key_store": "keychain"`) or the 0600 config file. A key always
 * goes to its new place first, and is removed from the old one only once
 * the new one holds it, so a store that fails half-way loses nothing.
 */
import type { Deps, SecretStore } from "../deps.ts";
import { DEFAULT_PROFILE, IN_KEYCHAIN, profileRaw, withProfile } from "../config/profiles.ts";
import { ConfigError } from "../errors.ts";
import type { Session } from "./session.ts";
import { fitProse } from "../output/wrap.ts";

/** Where a key came from, in words: `--api-key`, `TORALE_API_KEY`, the file or the store. */
export function keySourceLabel(session: Session): string {
  const profile = session.settings.profile.name;
  switch (session.settings.apiKey.source) {
    case "flag":
      return "--api-key";
    case "env":
      return "TORALE_API_KEY";
    case "file":
      return profile === DEFAULT_PROFILE
        ? session.store.path
        : `${session.store.path} (profile ${profile})`;
    case "keychain":
      return `${session.keychainName ?? "OS credential store"} (profile ${profile})`;
    case "none":
      return "none";
  }
}

/** Where a profile's saved key lives, in words, or undefined when it has none. */
export function keyLocation(session: Session, profile: string): string | undefined {
  const raw = profileRaw(session.config.raw, profile) ?? {};
  if (raw.api_key_store === IN_KEYCHAIN) return session.keychainName ?? "OS credential store";
  if (typeof raw.api_key === "string") return `${session.store.path} (0600)`;
  return undefined;
}

function warn(deps: Deps, message: string): void {
  deps.io.stderr.write(fitProse(`Warning: ${message}`, deps.io.stderr) + "\n");
}

/** The key of `profile` from the store, warning on stderr when it cannot be read. */
export async function readKeychainKey(
  deps: Deps,
  profile: string,
): Promise<{ key?: string; storeName?: string }> {
  const keychain = await deps.keychain();
  if ("unavailable" in keychain) {
    warn(
      deps,
      `the key of profile "${profile}" is in the OS credential store, which cannot be used: ${keychain.unavailable}`,
    );
    return {};
  }
  try {
    const key = await keychain.get(profile);
    if (!key) warn(deps, `${keychain.name} has no key for profile "${profile}"`);
    return { key, storeName: keychain.name };
  } catch (error) {
    warn(
      deps,
      `could not read the key of profile "${profile}" from ${keychain.name}: ${
        (error as Error).message
      }`,
    );
    return { storeName: keychain.name };
  }
}

/** Where {@link saveKey} put the key. */
export interface Saved {
  /** `keychain` or `file`. */
  where: "keychain" | "file";
  /** The store's name, or the file's path. */
  place: string;
}

/** Options of {@link saveKey}. */
export interface SaveOptions {
  /** Save to the file even when a store is available (`--insecure-storage`). */
  insecure?: boolean;
  /** Fail instead of falling back to the file when the store cannot be used. */
  storeRequired?: boolean;
  /** Other settings of the profile to save with the key. */
  extra?: Record<string, unknown>;
}

/**
 * Saves `key` for the session's profile: in the store unless `insecure` or
 * none is available (then in the file, said once on stderr), then removes
 * any other copy the profile had. The store is written under the config
 * file's lock, deciding from the file as it is then: two saves for one
 * profile take turns, so neither leaves a key in the store that the file
 * does not point to.
 */
export async function saveKey(session: Session, key: string, options: SaveOptions = {}) {
  const { deps, store } = session;
  const profile = session.settings.profile.name;
  let keychain: SecretStore | undefined;
  let problem: string | undefined;
  if (!options.insecure) {
    const opened = await deps.keychain();
    if ("unavailable" in opened) {
      problem = `no OS credential store is available: ${opened.unavailable}`;
    } else keychain = opened;
  }
  let saved: Saved = { where: "file", place: store.path };
  let before: Record<string, unknown> = {};
  await store.update(async (raw) => {
    before = profileRaw(raw, profile) ?? {};
    if (keychain) {
      try {
        await keychain.set(profile, key);
        if (await keychain.get(profile) !== key) throw new Error("the key read back differs");
        saved = { where: "keychain", place: keychain.name };
      } catch (error) {
        problem = `could not save the key in ${keychain.name}: ${(error as Error).message}`;
      }
    }
    if (problem && options.storeRequired) {
      throw new ConfigError(`Nothing was moved: ${problem}`, {
        hints: [
          "The file still points where it did; check that store's copy with torale auth status.",
          "Without a working store, keep the key in the file.",
        ],
      });
    }
    return withProfile(raw, profile, (current) => {
      const next = { ...current, ...options.extra };
      if (saved.where === "keychain") {
        delete next.api_key;
        next.api_key_store = IN_KEYCHAIN;
      } else {
        next.api_key = key;
        delete next.api_key_store;
      }
      return next;
    });
  });
  if (problem) warn(deps, `${problem}; the key is saved to the 0600 file instead`);
  // The new place holds the key: only now is the old one emptied, under the lock again and only
  // while the file still points to the file (a save to the store since then keeps its key).
  if (saved.where === "file" && before.api_key_store === IN_KEYCHAIN) {
    await store.update(async (raw) => {
      if (profileRaw(raw, profile)?.api_key_store !== IN_KEYCHAIN) {
        await removeFromKeychain(session, profile, keychain).catch((error) =>
          warn(deps, `${(error as Error).message}; remove it by hand`)
        );
      }
      return raw;
    });
  }
  return saved;
}

/**
 * Removes the store's copy of `profile`'s key: whether the store had one, and its name;
 * throws a ConfigError when it cannot.
 */
export async function removeFromKeychain(
  session: Session,
  profile: string,
  opened?: SecretStore,
): Promise<{ had: boolean; name: string }> {
  const keychain = opened ?? await session.deps.keychain();
  if ("unavailable" in keychain) {
    throw new ConfigError(
      `The key of profile "${profile}" is still in the OS credential store: ${keychain.unavailable}`,
      { hints: ["Run the command again where the store is available (a desktop session)."] },
    );
  }
  try {
    return { had: await keychain.delete(profile), name: keychain.name };
  } catch (error) {
    throw new ConfigError(
      `The key of profile "${profile}" is still in ${keychain.name}: ${(error as Error).message}`,
    );
  }
}

/** What {@link forgetKey} did. */
export interface Forgotten {
  /** Where a key was removed from (the store's name or the file's path), if anywhere. */
  removed?: string;
  /** The store the file said held the key, when it had none (reset, or removed elsewhere). */
  notInStore?: string;
}

/**
 * Removes the saved key of `profile`, under the config file's lock and deciding from the file
 * as it is then: from the store first (the file keeps its reference when that fails, so the
 * command can be run again), then from the file.
 */
export async function forgetKey(session: Session, profile: string): Promise<Forgotten> {
  const done: Forgotten = {};
  const seen = profileRaw(session.config.raw, profile) ?? {};
  if (seen.api_key === undefined && seen.api_key_store === undefined) return done;
  await session.store.update(async (raw) => {
    const now = profileRaw(raw, profile) ?? {};
    if (now.api_key === undefined && now.api_key_store === undefined) return raw;
    if (now.api_key_store === IN_KEYCHAIN) {
      const { had, name } = await removeFromKeychain(session, profile);
      if (had) done.removed = name;
      else done.notInStore = name;
    }
    const next = withProfile(raw, profile, (current) => {
      if (current.api_key !== undefined) done.removed ??= session.store.path;
      delete current.api_key;
      delete current.api_key_store;
      return current;
    });
    return Object.keys(next).length === 0 ? null : next;
  });
  return done;
}
