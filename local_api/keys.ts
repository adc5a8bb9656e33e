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

/**
 * Mints a key for `email` as the dashboard would: creates the user if
 * needed and revokes their active key first (one active key per user).
 */
export async function createKey(
  storage: Storage,
  { email, name = "CLI Key" }: { email: string; name?: string },
): Promise<string> {
  const userId = storage.transaction(() => {
    const existing = storage.users.idByEmail(email);
    const id = existing ?? crypto.randomUUID();
    if (!existing) storage.users.insert({ id, clerk_user_id: `local_${id.slice(0, 8)}`, email });
    storage.keys.revokeAllOf(id);
    return id;
  });
  return (await insertKey(storage, { userId, name })).key;
}
