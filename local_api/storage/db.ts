/**
 * The database of the local Torale API: node:sqlite, its schema migrated on open. Every
 * SQL statement of the local API lives in this folder.
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";

/** Current schema version; bump and add a step to MIGRATIONS to change it. */
const MIGRATIONS: string[] = [
  `CREATE TABLE users (
     id TEXT PRIMARY KEY,
     clerk_user_id TEXT NOT NULL UNIQUE,
     email TEXT NOT NULL UNIQUE,
     first_name TEXT,
     is_active INTEGER NOT NULL DEFAULT 1,
     created_at TEXT NOT NULL
   );
   CREATE TABLE api_keys (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL REFERENCES users(id),
     key_hash TEXT NOT NULL UNIQUE,
     key_prefix TEXT NOT NULL,
     name TEXT NOT NULL,
     created_at TEXT NOT NULL,
     last_used_at TEXT,
     is_active INTEGER NOT NULL DEFAULT 1
   );
   CREATE TABLE tasks (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     user_id TEXT NOT NULL REFERENCES users(id),
     name TEXT NOT NULL,
     schedule TEXT NOT NULL,
     executor_type TEXT NOT NULL,
     config TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('active','paused','completed')),
     search_query TEXT,
     condition_description TEXT,
     notify_behavior TEXT NOT NULL,
     notifications TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT,
     state_changed_at TEXT NOT NULL,
     condition_met INTEGER NOT NULL DEFAULT 0,
     last_known_state TEXT,
     last_notified_at TEXT,
     last_execution_id TEXT,
     has_schedule INTEGER NOT NULL DEFAULT 0,
     last_scheduled_at TEXT
   );
   CREATE TABLE executions (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
     status TEXT NOT NULL CHECK (status IN ('pending','running','success','failed')),
     result TEXT,
     error_message TEXT,
     condition_met INTEGER,
     change_summary TEXT,
     grounding_sources TEXT,
     started_at TEXT NOT NULL,
     completed_at TEXT,
     created_at TEXT
   );
   CREATE INDEX executions_task ON executions(task_id, started_at);`,
];

/** Opens (creating if needed) and migrates a database; `:memory:` for a throwaway one. */
export function openDatabase(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  db.exec("PRAGMA foreign_keys = ON");
  if (path !== ":memory:") {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA busy_timeout = 5000");
  }
  const { user_version } = db.prepare("PRAGMA user_version").get() as { user_version: number };
  for (let version = user_version; version < MIGRATIONS.length; version++) {
    transaction(db, () => {
      db.exec(MIGRATIONS[version]);
      db.exec(`PRAGMA user_version = ${version + 1}`);
    });
  }
  return db;
}

/** Runs `work` in one transaction: all of it is committed or none. */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = work();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

/** pydantic-style datetime: `Z`, and a fraction only when it is non-zero. */
export function isoZ(date = new Date()): string {
  const ms = date.getUTCMilliseconds();
  const base = date.toISOString().slice(0, 19);
  return ms === 0 ? `${base}Z` : `${base}.${String(ms).padStart(3, "0")}000Z`;
}

/**
 * Newest first by time, not by text: `isoZ` drops the fraction when it is zero, so as
 * strings "…:00Z" sorts after "…:00.500000Z" of the same second ("Z" > ".").
 */
export function newestFirst(column: string): string {
  return `unixepoch(${column}, 'subsec') DESC`;
}

/** Prepares each statement of a table once, when its store is built. */
export function prepareAll<K extends string>(
  db: DatabaseSync,
  sql: Record<K, string>,
): Record<K, StatementSync> {
  const prepared = {} as Record<K, StatementSync>;
  for (const name of Object.keys(sql) as K[]) prepared[name] = db.prepare(sql[name]);
  return prepared;
}
