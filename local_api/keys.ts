/** API keys of the local API: `sk_` + 43 url-safe characters, stored only as SHA-256 hex. */
import { sha256Hex } from "../scripts/hash.ts";
import type { KeyRow, Storage } from "./storage/mod.ts";

/** `"sk_" + token_urlsafe(32)`: 32 random bytes as unpadded base64url. */
export function newApiKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const base64 = btoa(String.fromCharCode(...bytes));
  return "sk_" + base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Stores a new active key for a user; returns the key (shown once) and its row. */
export async function insertKey(
  storage: Storage,
  options: { userId: string; name: string },
): Promise<{ key: string; row: KeyRow }> {
  const key = newApiKey();
  const row = storage.keys.insert({
    id: crypto.randomUUID(),
    user_id: options.userId,
    key_hash: await sha256Hex(key),
    key_prefix: key.slice(0, 15) + "...",
    name: options.name,
  });
  return { key, row };
}

/** A key minted by {@link mintKey}, and the keys of the user it revoked. */
export interface MintedKey {
  /** The new key: shown once, stored only as its hash. */
  key: string;
  /** The user's keys that were active until now, newest first. */
  revoked: KeyRow[];
}

/**
 * Mints a key for `email` as the dashboard would: creates the user if needed and revokes
 * their active keys first (one active key per user), saying which.
 */
export async function mintKey(
  storage: Storage,
  { email, name = "CLI Key" }: { email: string; name?: string },
): Promise<MintedKey> {
  const { userId, revoked } = storage.transaction(() => {
    const existing = storage.users.idByEmail(email);
    const id = existing ?? crypto.randomUUID();
    if (!existing) storage.users.insert({ id, clerk_user_id: `local_${id.slice(0, 8)}`, email });
    const active = storage.keys.listOf(id).filter((row) => row.is_active === 1);
    storage.keys.revokeAllOf(id);
    return { userId: id, revoked: active };
  });
  return { key: (await insertKey(storage, { userId, name })).key, revoked };
}

/** {@link mintKey}'s key alone. */
export async function createKey(
  storage: Storage,
  options: { email: string; name?: string },
): Promise<string> {
  return (await mintKey(storage, options)).key;
}
