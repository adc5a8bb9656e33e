/** `torale auth list|switch|token|move-key`: profiles, the key in use, and where keys live. */
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { keyLocation, readKeychainKey, saveKey } from "../../kit/credentials.ts";
import {
  checkKnown,
  checkProfileName,
  DEFAULT_PROFILE,
  IN_KEYCHAIN,
  profileNames,
  profileRaw,
} from "../../config/profiles.ts";
import { DEFAULT_API_URL } from "../../config/schema.ts";
import { AuthError, ConfigError, UsageError } from "../../errors.ts";
import { maskKey } from "../../output/mask.ts";

/** One row of `auth list --json`. */
export interface ProfileRow {
  name: string;
  active: boolean;
  key: string | null;
  key_location: "keychain" | "file" | null;
  api_url: string;
}

/** Runs `auth list`. */
export async function list(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const { raw } = session.config;
  const active = session.settings.profile.name;
  const rows: ProfileRow[] = profileNames(raw).map((name) => {
    const profile = profileRaw(raw, name) ?? {};
    const inStore = profile.api_key_store === IN_KEYCHAIN;
    const fileKey = typeof profile.api_key === "string" ? profile.api_key : undefined;
    // A key in the store is not read just to list it: that would ask the store for every profile.
    const shownKey = fileKey ? maskKey(fileKey) : inStore ? "(in keychain)" : null;
    return {
      name,
      active: name === active,
      key: shownKey,
      key_location: inStore ? "keychain" : fileKey ? "file" : null,
      api_url: typeof profile.api_url === "string" ? profile.api_url : DEFAULT_API_URL,
    };
  });
  await session.output(rows, (rows) => {
    session.table(
      [{ header: "" }, { header: "PROFILE" }, { header: "KEY" }, { header: "STORED IN" }, {
        header: "API URL",
        shrink: true,
      }],
      rows.map((row) => [
        row.active ? "*" : "",
        row.name,
        row.key ?? "(none)",
        row.key_location ?? "-",
        row.api_url,
      ]),
    );
  });
}

/** Runs `auth switch <name>`. */
export async function switchTo(this: Context, _flags: NoFlags, input: string): Promise<void> {
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

/** Runs `auth token`: the key in use on stdout, nothing else. */
export async function token(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const key = session.settings.apiKey.value;
  if (!key) {
    throw new AuthError("No API key configured", {
      hints: ["Run `torale auth set-api-key`, set TORALE_API_KEY, or pass --api-key."],
    });
  }
  // The one command whose purpose is to print the key: raw, for $(torale auth token).
  this.deps.io.stdout.write(key + "\n");
}

/** Runs `auth move-key <keychain|file>`: moves the profile's saved key, losing nothing. */
export async function moveKey(this: Context, _flags: NoFlags, to: string): Promise<void> {
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
