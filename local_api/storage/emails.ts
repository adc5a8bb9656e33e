/**
 * Email verification (torale-api-current.md §3.6; the same in classic): pending codes and each
 * user's verified notification addresses. The tables are created here, not in db.ts's
 * migrations, so that this store stands alone; `IF NOT EXISTS` keeps a file database's rows.
 */
import type { DatabaseSync } from "node:sqlite";
import { isoZ, prepareAll } from "./db.ts";

/** A row of `email_verifications`. */
export interface VerificationRow {
  id: number;
  user_id: string;
  email: string;
  code: string;
  /** ISO time. */
  expires_at: string;
  attempts: number;
  /** 1 or 0. */
  verified: number;
  created_at: string;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS email_verifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL REFERENCES users(id),
    email TEXT NOT NULL,
    code TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    verified INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS email_verifications_user ON email_verifications(user_id, email);
  CREATE TABLE IF NOT EXISTS verified_emails (
    user_id TEXT NOT NULL REFERENCES users(id),
    email TEXT NOT NULL,
    PRIMARY KEY (user_id, email)
  );`;

/** Reads and writes verification codes and verified addresses. */
export class EmailStore {
  readonly #sql;

  constructor(db: DatabaseSync) {
    db.exec(SCHEMA);
    this.#sql = prepareAll(db, {
      countSince:
        "SELECT COUNT(*) AS n FROM email_verifications WHERE user_id = ? AND unixepoch(created_at, 'subsec') > unixepoch(?, 'subsec')",
      dropPending:
        "DELETE FROM email_verifications WHERE user_id = ? AND email = ? AND verified = 0",
      insert:
        "INSERT INTO email_verifications (user_id, email, code, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
      pending:
        "SELECT * FROM email_verifications WHERE user_id = ? AND email = ? AND verified = 0 ORDER BY id DESC LIMIT 1",
      latestCode:
        "SELECT code FROM email_verifications WHERE email = ? AND verified = 0 ORDER BY id DESC LIMIT 1",
      failed: "UPDATE email_verifications SET attempts = attempts + 1 WHERE id = ?",
      markVerified: "UPDATE email_verifications SET verified = 1 WHERE id = ?",
      addVerified: "INSERT OR IGNORE INTO verified_emails (user_id, email) VALUES (?, ?)",
      isVerified: "SELECT 1 FROM verified_emails WHERE user_id = ? AND email = ?",
      verifiedOf: "SELECT email FROM verified_emails WHERE user_id = ? ORDER BY rowid",
      removeVerified: "DELETE FROM verified_emails WHERE user_id = ? AND email = ?",
    });
  }

  /** How many codes the user was given after `since` (the hourly limit counts them all). */
  countSince(userId: string, since: Date): number {
    return (this.#sql.countSince.get(userId, isoZ(since)) as { n: number }).n;
  }

  /** Replaces the pending code for the address with `code`, valid until `expires`. */
  replacePending(userId: string, email: string, code: string, expires: Date): void {
    this.#sql.dropPending.run(userId, email);
    this.#sql.insert.run(userId, email, code, isoZ(expires), isoZ());
  }

  /** The newest pending code row of the user for this address, if any. */
  pending(userId: string, email: string): VerificationRow | undefined {
    return this.#sql.pending.get(userId, email) as VerificationRow | undefined;
  }

  /** The newest pending code sent to the address, whoever asked: for tests and the log. */
  latestCode(email: string): string | undefined {
    return (this.#sql.latestCode.get(email) as { code: string } | undefined)?.code;
  }

  /** Counts one wrong code against a pending row. */
  failed(id: number): void {
    this.#sql.failed.run(id);
  }

  /** Marks the row verified and adds its address to the user's verified list. */
  verify(row: VerificationRow): void {
    this.#sql.markVerified.run(row.id);
    this.#sql.addVerified.run(row.user_id, row.email);
  }

  /** Whether the user verified this address (the primary address is not stored here). */
  isVerified(userId: string, email: string): boolean {
    return this.#sql.isVerified.get(userId, email) !== undefined;
  }

  /** The user's verified addresses, oldest first. */
  verifiedOf(userId: string): string[] {
    return (this.#sql.verifiedOf.all(userId) as { email: string }[]).map((row) => row.email);
  }

  /** Removes an address from the user's verified list; nothing happens when it is absent. */
  removeVerified(userId: string, email: string): void {
    this.#sql.removeVerified.run(userId, email);
  }
}
