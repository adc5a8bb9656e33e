/** API keys of the local API: `sk_` + 43 url-safe characters, stored only as SHA-256 hex. */
import type { DatabaseSync } from "node:sqlite";
import { sha256Hex } from "../scripts/hash.ts";
import { isoZ, transaction } from "./db.ts";

type Row = Record<string, unknown>;

/** `"sk_" + token_urlsafe(32)`: 32 random bytes as unpadded base64url. */
export function newApiKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const base64 = btoa(String.fromCharCode(...bytes));
  return "sk_" + base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Stores a new active key for a user; returns the key (shown once) and its row. */
export async function insertKey(
  db: DatabaseSync,
  userId: string,
  name: string,
): Promise<{ key: string; row: Row }> {
  const key = newApiKey();
  const id = crypto.randomUUID();
  const hash = await sha256Hex(key);
  db.prepare(
    `INSERT INTO api_keys (id, user_id, key_hash, key_prefix, name, created_at, last_used_at, is_active)
     VALUES (?, ?, ?, ?, ?, ?, NULL, 1)`,
  ).run(id, userId, hash, key.slice(0, 15) + "...", name, isoZ());
  return { key, row: db.prepare("SELECT * FROM api_keys WHERE id = ?").get(id) as Row };
}

/**
 * Mints a key for `email` as the dashboard would: creates the user if
 * needed and revokes their active key first (one active key per user).
 */
export async function createKey(
  db: DatabaseSync,
  email: string,
  name = "CLI Key",
): Promise<string> {
  const userId = transaction(db, () => {
    const existing = db.prepare("SELECT id FROM users WHERE email = ?").get(email) as
      | Row
      | undefined;
    const id = (existing?.id as string | undefined) ?? crypto.randomUUID();
    if (!existing) {
      db.prepare(
        "INSERT INTO users (id, clerk_user_id, email, first_name, is_active, created_at) VALUES (?, ?, ?, NULL, 1, ?)",
      ).run(id, `local_${id.slice(0, 8)}`, email, isoZ());
    }
    db.prepare("UPDATE api_keys SET is_active = 0 WHERE user_id = ?").run(id);
    return id;
  });
  return (await insertKey(db, userId, name)).key;
}
