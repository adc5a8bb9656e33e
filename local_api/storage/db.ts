/**
 * The database of the local Torale API: node:sqlite, its schema migrated on open. Every
 * SQL statement of the local API lives in this folder.
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";

/** One step of the schema: SQL, or work that needs more than SQL (a table rebuilt). */
type Migration = string | ((db: DatabaseSync) => void);

/** The schema, one step per version; add a step to change it. */
const MIGRATIONS: Migration[] = [
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
  currentGeneration,
  // Version 3: the current generation's connections (upstream migration b2d4e7f89a10).
  `CREATE TABLE user_connectors (
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     toolkit_slug TEXT NOT NULL,
     connected_account_id TEXT,
     status TEXT NOT NULL DEFAULT 'INITIATED'
       CHECK (status IN ('ACTIVE','INITIATED','INITIALIZING','EXPIRED','FAILED','INACTIVE')),
     status_reason TEXT,
     connected_at TEXT,
     last_used_at TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (user_id, toolkit_slug)
   );`,
];

/**
 * Version 2 adds what the current generation stores (torale-api-current.md §3.1, §4): the
 * classic-only task columns may be NULL, runs may be retrying or cancelled and carry the agent's
 * notification, tasks carry next_run, sharing and the scheduler job (has_schedule, plus the
 * run a retry job resumes).
 */
function currentGeneration(db: DatabaseSync): void {
  rebuild(
    db,
    "tasks",
    (sql) =>
      sql.replace(/\b(schedule|executor_type|config|notify_behavior) TEXT NOT NULL/g, "$1 TEXT"),
  );
  rebuild(
    db,
    "executions",
    (sql) => sql.replace("'success','failed'", "'success','retrying','failed','cancelled'"),
  );
  db.exec(
    `ALTER TABLE tasks ADD COLUMN next_run TEXT;
     ALTER TABLE tasks ADD COLUMN context TEXT;
     ALTER TABLE tasks ADD COLUMN is_public INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE tasks ADD COLUMN view_count INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE tasks ADD COLUMN subscriber_count INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE tasks ADD COLUMN forked_from_task_id TEXT;
     ALTER TABLE tasks ADD COLUMN attached_connector_slugs TEXT NOT NULL DEFAULT '[]';
     ALTER TABLE tasks ADD COLUMN job_execution_id TEXT;
     CREATE INDEX tasks_user_name ON tasks(user_id, name);
     ALTER TABLE executions ADD COLUMN notification TEXT;
     ALTER TABLE executions ADD COLUMN retry_count INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE users ADD COLUMN username TEXT;
     ALTER TABLE users ADD COLUMN has_seen_welcome INTEGER NOT NULL DEFAULT 0;`,
  );
}

/**
 * Re-creates a table from its edited definition, keeping its rows and indexes: SQLite's way
 * to change a column's constraints. Runs with foreign keys off (openDatabase turns them on
 * after migrating), so that dropping the old table does not cascade to the rows that point
 * at it.
 */
function rebuild(db: DatabaseSync, table: string, edit: (sql: string) => string): void {
  const schema = db.prepare(
    "SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql NOT NULL",
  )
    .all(table) as { type: string; sql: string }[];
  const definition = schema.find((entry) => entry.type === "table")!.sql;
  const edited = edit(definition);
  if (edited === definition) throw new Error(`migration: nothing changed in table ${table}`);
  db.exec(edited.replace(`CREATE TABLE ${table}`, `CREATE TABLE ${table}_rebuilt`));
  db.exec(
    `INSERT INTO ${table}_rebuilt SELECT * FROM ${table};
     DROP TABLE ${table};
     ALTER TABLE ${table}_rebuilt RENAME TO ${table};`,
  );
  for (const index of schema.filter((entry) => entry.type === "index")) db.exec(index.sql);
}

/**
 * Opens (creating if needed) and migrates a database; `:memory:` for a throwaway one.
 * `version` stops at an older schema, for tests of a migration.
 */
export function openDatabase(path: string, version = MIGRATIONS.length): DatabaseSync {
  // node:sqlite turns foreign keys on by default; a rebuilt table must not cascade.
  const db = new DatabaseSync(path, { enableForeignKeyConstraints: false });
  if (path !== ":memory:") {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA busy_timeout = 5000");
  }
  const { user_version } = db.prepare("PRAGMA user_version").get() as { user_version: number };
  for (let at = user_version; at < version; at++) {
    const step = MIGRATIONS[at];
    transaction(db, () => {
      if (typeof step === "string") db.exec(step);
      else step(db);
      db.exec(`PRAGMA user_version = ${at + 1}`);
    });
  }
  db.exec("PRAGMA foreign_keys = ON");
  return db;
}

/**
 * Runs `work` in one transaction: all of it is committed or none. Inside another transaction
 * it is part of that one (SQLite does not nest BEGIN).
 */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) return work();
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
