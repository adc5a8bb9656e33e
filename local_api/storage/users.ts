/** The users table. */
import type { DatabaseSync } from "node:sqlite";
import { isoZ, prepareAll } from "./db.ts";

/** A row of `users`. */
export interface UserRow {
  id: string;
  clerk_user_id: string;
  email: string;
  first_name: string | null;
  /** 1 or 0. */
  is_active: number;
  created_at: string;
  /** The current generation's profile fields. */
  username: string | null;
  /** 1 or 0. */
  has_seen_welcome: number;
}

/** Reads and writes users. */
export class UserStore {
  readonly #sql;

  constructor(db: DatabaseSync) {
    this.#sql = prepareAll(db, {
      byId: "SELECT * FROM users WHERE id = ?",
      idByEmail: "SELECT id FROM users WHERE email = ?",
      insert:
        "INSERT INTO users (id, clerk_user_id, email, first_name, is_active, created_at) VALUES (?, ?, ?, NULL, 1, ?)",
      markWelcomeSeen: "UPDATE users SET has_seen_welcome = 1 WHERE id = ?",
    });
  }

  /** The user with this id, if any. */
  byId(id: string): UserRow | undefined {
    return this.#sql.byId.get(id) as UserRow | undefined;
  }

  /** The id of the user with this email, if any. */
  idByEmail(email: string): string | undefined {
    return (this.#sql.idByEmail.get(email) as { id: string } | undefined)?.id;
  }

  /** Adds an active user without a first name, created now. */
  insert(user: { id: string; clerk_user_id: string; email: string }): void {
    this.#sql.insert.run(user.id, user.clerk_user_id, user.email, isoZ());
  }

  /** Records that the user saw the welcome screen (current generation). */
  markWelcomeSeen(id: string): void {
    this.#sql.markWelcomeSeen.run(id);
  }
}
