/** The local API's storage: one database and a store per table. */
import type { DatabaseSync } from "node:sqlite";
import { ConnectorStore } from "./connectors.ts";
import { CurrentTaskStore } from "./current_tasks.ts";
import { openDatabase, transaction } from "./db.ts";
import { EmailStore } from "./emails.ts";
import { ExecutionStore } from "./executions.ts";
import { KeyStore } from "./keys.ts";
import { TaskStore } from "./tasks.ts";
import { UserStore } from "./users.ts";
import { WebhookStore } from "./webhooks.ts";

export {
  CONNECTION_STATUSES,
  type ConnectionStatus,
  type ConnectorRow,
  type ConnectorStore,
} from "./connectors.ts";
export { type CurrentTaskStore, UniqueViolation } from "./current_tasks.ts";
export { isoZ } from "./db.ts";
export type { EmailStore, VerificationRow } from "./emails.ts";
export type { ExecutionRow, FeedRow } from "./executions.ts";
export type { KeyRow } from "./keys.ts";
export type { TaskChanges, TaskRow, TaskStore } from "./tasks.ts";
export type { UserRow } from "./users.ts";
export type { DeliveryRow, SendRow, WebhookConfig, WebhookStore } from "./webhooks.ts";

/** The stores of one open database. */
export interface Storage {
  db: DatabaseSync;
  users: UserStore;
  keys: KeyStore;
  tasks: TaskStore;
  /** The current generation's task writes and scheduler jobs. */
  current: CurrentTaskStore;
  executions: ExecutionStore;
  /** Email verification codes and verified addresses. */
  emails: EmailStore;
  /** Webhook config, deliveries and notification sends. */
  webhooks: WebhookStore;
  /** The current generation's connections to toolkits (user_connectors). */
  connectors: ConnectorStore;
  /** Runs `work` in one transaction: all of it is committed or none. */
  transaction<T>(work: () => T): T;
  close(): void;
}

/** Opens (creating and migrating if needed) a database file, or `:memory:`. */
export function openStorage(path: string): Storage {
  const db = openDatabase(path);
  const tasks = new TaskStore(db);
  return {
    db,
    users: new UserStore(db),
    keys: new KeyStore(db),
    tasks,
    current: new CurrentTaskStore(db, tasks),
    executions: new ExecutionStore(db),
    emails: new EmailStore(db),
    webhooks: new WebhookStore(db),
    connectors: new ConnectorStore(db),
    transaction: (work) => transaction(db, work),
    close: () => db.close(),
  };
}
