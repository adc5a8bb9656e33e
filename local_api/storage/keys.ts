/** The api_keys table: only a key's SHA-256 and prefix are stored, never the key. */
import type { DatabaseSync } from "node:sqlite";
import { isoZ, newestFirst, prepareAll } from "./db.ts";

/** A row of `api_keys`. */
export interface KeyRow {
  id: string;
  user_id: string;
  key_hash: string;
  key_prefix: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  /** 1 or 0. */
  is_active: number;
}

/** Reads and writes API keys. */
export class KeyStore {
  readonly #sql;

  constructor(db: DatabaseSync) {
    this.#sql = prepareAll(db, {
      activeByHash: "SELECT * FROM api_keys WHERE key_hash = ? AND is_active = 1",
      touch: "UPDATE api_keys SET last_used_at = ? WHERE id = ?",
      insert:
        `INSERT INTO api_keys (id, user_id, key_hash, key_prefix, name, created_at, last_used_at, is_active)
         VALUES (?, ?, ?, ?, ?, ?, NULL, 1)`,
      byId: "SELECT * FROM api_keys WHERE id = ?",
      ownedBy: "SELECT * FROM api_keys WHERE id = ? AND user_id = ?",
      listOf: `SELECT * FROM api_keys WHERE user_id = ? ORDER BY ${
        newestFirst("created_at")
      }, rowid DESC`,
      hasActive: "SELECT 1 FROM api_keys WHERE user_id = ? AND is_active = 1",
      revoke: "UPDATE api_keys SET is_active = 0 WHERE id = ?",
      revokeAllOf: "UPDATE api_keys SET is_active = 0 WHERE user_id = ?",
    });
  }

  /** The active key with this SHA-256 hex, if any. */
  activeByHash(hash: string): KeyRow | undefined {
    return this.#sql.activeByHash.get(hash) as KeyRow | undefined;
  }

  /** Records a use of the key, now. */
  touch(id: string): void {
    this.#sql.touch.run(isoZ(), id);
  }

  /** Stores a new active key, created now; returns its row. */
  insert(key: { id: string; user_id: string; key_hash: string; key_prefix: string; name: string }) {
    this.#sql.insert.run(key.id, key.user_id, key.key_hash, key.key_prefix, key.name, isoZ());
    return this.#sql.byId.get(key.id) as unknown as KeyRow;
  }

  /** The key with this id if it belongs to the user. */
  ownedBy(id: string, userId: string): KeyRow | undefined {
    return this.#sql.ownedBy.get(id, userId) as KeyRow | undefined;
  }

  /** A user's keys, revoked ones included, newest first. */
  listOf(userId: string): KeyRow[] {
    return this.#sql.listOf.all(userId) as unknown as KeyRow[];
  }

  /** Whether the user has an active key. */
  hasActive(userId: string): boolean {
    return this.#sql.hasActive.get(userId) !== undefined;
  }

  /** Revokes one key. */
  revoke(id: string): void {
    this.#sql.revoke.run(id);
  }

  /** Revokes every key of a user. */
  revokeAllOf(userId: string): void {
    this.#sql.revokeAllOf.run(userId);
  }
}
