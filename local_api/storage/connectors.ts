/**
 * The user_connectors table of the current generation (upstream migration b2d4e7f89a10): one
 * row per user and toolkit, made by a connect, changed by the OAuth callback, removed by a
 * disconnect.
 */
import type { DatabaseSync } from "node:sqlite";
import { isoZ, prepareAll } from "./db.ts";

/** Composio's connection statuses, as upstream's CHECK constraint lists them. */
export const CONNECTION_STATUSES = [
  "ACTIVE",
  "INITIATED",
  "INITIALIZING",
  "EXPIRED",
  "FAILED",
  "INACTIVE",
] as const;

/** A connection status. */
export type ConnectionStatus = typeof CONNECTION_STATUSES[number];

/** A row of `user_connectors`. */
export interface ConnectorRow {
  user_id: string;
  toolkit_slug: string;
  connected_account_id: string | null;
  status: ConnectionStatus;
  status_reason: string | null;
  connected_at: string | null;
  last_used_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Reads and writes connections. */
export class ConnectorStore {
  readonly #sql;

  constructor(db: DatabaseSync) {
    this.#sql = prepareAll(db, {
      listOf: "SELECT * FROM user_connectors WHERE user_id = ?",
      one: "SELECT * FROM user_connectors WHERE user_id = ? AND toolkit_slug = ?",
      upsert: `INSERT INTO user_connectors
                 (user_id, toolkit_slug, connected_account_id, status, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (user_id, toolkit_slug) DO UPDATE
                 SET connected_account_id = excluded.connected_account_id,
                     status = excluded.status,
                     status_reason = NULL,
                     updated_at = excluded.updated_at`,
      settle: `UPDATE user_connectors
                 SET status = ?, status_reason = ?,
                     connected_at = CASE WHEN ? = 'ACTIVE' THEN ? ELSE connected_at END,
                     updated_at = ?
               WHERE user_id = ? AND toolkit_slug = ? AND connected_account_id = ?`,
      remove: "DELETE FROM user_connectors WHERE user_id = ? AND toolkit_slug = ?",
    });
  }

  /** A user's connections, in no particular order. */
  listOf(userId: string): ConnectorRow[] {
    return this.#sql.listOf.all(userId) as unknown as ConnectorRow[];
  }

  /** The user's connection to `slug`, if any. */
  one(userId: string, slug: string): ConnectorRow | undefined {
    return this.#sql.one.get(userId, slug) as ConnectorRow | undefined;
  }

  /** A connect: the row for (user, slug) now names `accountId` with `status`, its reason cleared. */
  upsert(userId: string, slug: string, accountId: string, status: ConnectionStatus): void {
    const now = isoZ();
    this.#sql.upsert.run(userId, slug, accountId, status, now, now);
  }

  /**
   * The callback's outcome for the row of (user, slug, account): ACTIVE (connected now) or
   * FAILED with a reason.
   */
  settle(
    row: Pick<ConnectorRow, "user_id" | "toolkit_slug" | "connected_account_id">,
    status: "ACTIVE" | "FAILED",
    reason: string | null = null,
  ): void {
    const now = isoZ();
    this.#sql.settle.run(
      status,
      reason,
      status,
      now,
      now,
      row.user_id,
      row.toolkit_slug,
      row.connected_account_id,
    );
  }

  /** Removes the user's connection to `slug`; whether there was one. */
  remove(userId: string, slug: string): boolean {
    return Number(this.#sql.remove.run(userId, slug).changes) > 0;
  }
}
