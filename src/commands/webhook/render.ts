/** How the webhook tree's objects look. */
import type { Delivery } from "../../api/webhooks.ts";
import { shortIds } from "../../api/ids.ts";
import type { Session } from "../../kit/session.ts";
import { formatTime, relativeTime } from "../../output/time.ts";

/** The config as shown: the secret reduced to whether there is one. */
export interface ShownConfig {
  url: string | null;
  enabled: boolean;
  secret_set: boolean;
}

/** Prints the account's webhook config. */
export function printConfig(session: Session, config: ShownConfig): void {
  session.fields([
    ["URL", config.url ?? "(none)"],
    ["Enabled", config.enabled ? "yes" : "no"],
    ["Secret", config.secret_set ? "set (hidden)" : "not set (created with the first URL)"],
  ]);
}

/** Prints deliveries as a table, newest first. */
export function printDeliveries(session: Session, rows: Delivery[]): void {
  const now = session.deps.clock.now();
  const ids = session.compact ? shortIds(rows.map((row) => row.task_id)) : undefined;
  session.table(
    [
      { header: "TIME" },
      { header: "TASK" },
      { header: "RESULT" },
      { header: "HTTP" },
      { header: "ATTEMPT", drop: 1 },
      { header: "URL", shrink: true, drop: 2 },
      { header: "ERROR", shrink: true },
    ],
    rows.map((row) => [
      session.compact ? relativeTime(row.created_at, now) : formatTime(row.created_at),
      ids?.get(row.task_id) ?? row.task_id,
      row.delivered_at ? "delivered" : "failed",
      row.http_status === null ? "-" : String(row.http_status),
      String(row.attempt_number),
      row.webhook_url,
      row.error_message ?? "",
    ]),
  );
}
