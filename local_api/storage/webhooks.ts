/**
 * What the notification routes and the worker's notifier keep: the user-level webhook
 * config, the hidden per-task webhook secrets, webhook deliveries and notification sends
 * (torale-api.md §3.3, torale-api-current.md §3.3, §3.4, §5.6). The tables are created here
 * when missing rather than by a numbered migration, so that this module stands on its own.
 */
import type { DatabaseSync } from "node:sqlite";
import { prepareAll } from "./db.ts";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS user_webhooks (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    url TEXT,
    secret TEXT,
    enabled INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS task_webhook_secrets (
    task_id TEXT PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    secret TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS webhook_deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    execution_id TEXT,
    webhook_url TEXT NOT NULL,
    http_status INTEGER,
    attempt_number INTEGER NOT NULL DEFAULT 1,
    delivered_at TEXT,
    failed_at TEXT,
    error_message TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS notification_sends (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    execution_id TEXT,
    recipient TEXT NOT NULL,
    notification_type TEXT NOT NULL,
    status TEXT NOT NULL,
    error_message TEXT,
    created_at TEXT NOT NULL
  );`;

/** The user-level webhook config. */
export interface WebhookConfig {
  url: string | null;
  secret: string | null;
  enabled: boolean;
}

/** A row of `webhook_deliveries` as the API shows it. */
export interface DeliveryRow {
  id: string;
  task_id: string;
  webhook_url: string;
  http_status: number | null;
  attempt_number: number;
  delivered_at: string | null;
  failed_at: string | null;
  error_message: string | null;
  created_at: string;
}

/** A row of `notification_sends` as the API shows it. */
export interface SendRow {
  id: string;
  user_id: string;
  task_id: string;
  execution_id: string | null;
  recipient: string;
  notification_type: string;
  status: string;
  error_message: string | null;
  created_at: string;
}

/** A new random secret, as `secrets.token_urlsafe(32)`: 43 url-safe characters. */
export function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Reads and writes the notification tables. */
export class WebhookStore {
  readonly #sql;

  constructor(db: DatabaseSync) {
    db.exec(SCHEMA);
    this.#sql = prepareAll(db, {
      successes: "SELECT count(*) AS n FROM executions WHERE task_id = ? AND status = 'success'",
      config: "SELECT url, secret, enabled FROM user_webhooks WHERE user_id = ?",
      putConfig: `INSERT INTO user_webhooks (user_id, url, secret, enabled) VALUES (?, ?, ?, ?)
        ON CONFLICT (user_id) DO UPDATE SET url = excluded.url, secret = excluded.secret,
        enabled = excluded.enabled`,
      taskSecret: "SELECT url, secret FROM task_webhook_secrets WHERE task_id = ?",
      putTaskSecret: `INSERT INTO task_webhook_secrets (task_id, url, secret) VALUES (?, ?, ?)
        ON CONFLICT (task_id) DO UPDATE SET url = excluded.url, secret = excluded.secret`,
      addDelivery: `INSERT INTO webhook_deliveries (id, task_id, execution_id, webhook_url,
        http_status, attempt_number, delivered_at, error_message, created_at)
        VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)`,
      deliveries: `SELECT d.id, d.task_id, d.webhook_url, d.http_status, d.attempt_number,
        d.delivered_at, d.failed_at, d.error_message, d.created_at
        FROM webhook_deliveries d JOIN tasks t ON t.id = d.task_id
        WHERE t.user_id = ? AND (?2 IS NULL OR d.task_id = ?2)
        ORDER BY d.seq DESC LIMIT ?3`,
      addSend: `INSERT INTO notification_sends (id, user_id, task_id, execution_id, recipient,
        notification_type, status, error_message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      sends: `SELECT s.id, s.user_id, s.task_id, s.execution_id, s.recipient,
        s.notification_type, s.status, s.error_message, s.created_at
        FROM notification_sends s JOIN tasks t ON t.id = s.task_id
        WHERE s.user_id = ?1 AND (?2 IS NULL OR s.task_id = ?2)
          AND (?3 IS NULL OR s.notification_type = ?3)
        ORDER BY s.seq DESC LIMIT ?4 OFFSET ?5`,
      countSends: `SELECT count(*) AS n FROM notification_sends s JOIN tasks t ON t.id = s.task_id
        WHERE s.user_id = ?1 AND (?2 IS NULL OR s.task_id = ?2)
          AND (?3 IS NULL OR s.notification_type = ?3)`,
    });
  }

  /** How many runs of a task succeeded: the first one gets the welcome mail only. */
  successCount(taskId: string): number {
    return (this.#sql.successes.get(taskId) as { n: number }).n;
  }

  /** The user's config; an empty, disabled one when never set. */
  config(userId: string): WebhookConfig {
    const row = this.#sql.config.get(userId) as
      | { url: string | null; secret: string | null; enabled: number }
      | undefined;
    return row
      ? { url: row.url, secret: row.secret, enabled: row.enabled === 1 }
      : { url: null, secret: null, enabled: false };
  }

  /**
   * Sets the URL and `enabled`. A secret is made once a URL is given and none exists; it is
   * never cleared or rotated (as the real service).
   */
  putConfig(userId: string, url: string | null, enabled: boolean): WebhookConfig {
    const secret = this.config(userId).secret ?? (url ? newSecret() : null);
    this.#sql.putConfig.run(userId, url, secret, enabled ? 1 : 0);
    return { url, secret, enabled };
  }

  /** The hidden secret of a task's webhook URL: new when the URL is new or changed. */
  taskSecret(taskId: string, url: string): string {
    const row = this.#sql.taskSecret.get(taskId) as { url: string; secret: string } | undefined;
    if (row && row.url === url) return row.secret;
    const secret = newSecret();
    this.#sql.putTaskSecret.run(taskId, url, secret);
    return secret;
  }

  /** Records one delivery attempt; `delivered_at` only when it succeeded. */
  addDelivery(row: {
    taskId: string;
    executionId: string | null;
    url: string;
    status: number | null;
    error: string | null;
    at: string;
  }): void {
    this.#sql.addDelivery.run(
      crypto.randomUUID(),
      row.taskId,
      row.executionId,
      row.url,
      row.status,
      row.error === null ? row.at : null,
      row.error,
      row.at,
    );
  }

  /** The user's deliveries, newest first, optionally of one task. */
  deliveries(userId: string, options: { taskId?: string; limit: number }): DeliveryRow[] {
    return this.#sql.deliveries.all(
      userId,
      options.taskId ?? null,
      options.limit,
    ) as unknown as DeliveryRow[];
  }

  /** Records one notification send. */
  addSend(row: Omit<SendRow, "id">): void {
    this.#sql.addSend.run(
      crypto.randomUUID(),
      row.user_id,
      row.task_id,
      row.execution_id,
      row.recipient,
      row.notification_type,
      row.status,
      row.error_message,
      row.created_at,
    );
  }

  /** The user's sends, newest first, of tasks that still exist, and how many match. */
  sends(
    userId: string,
    filter: { taskId?: string; type?: string; limit: number; offset: number },
  ): { sends: SendRow[]; total: number } {
    const where = [userId, filter.taskId ?? null, filter.type ?? null] as const;
    const sends = this.#sql.sends.all(
      ...where,
      filter.limit,
      filter.offset,
    ) as unknown as SendRow[];
    const { n } = this.#sql.countSends.get(...where) as { n: number };
    return { sends, total: n };
  }
}
