/**
 * What happens after a run met its condition (torale-api.md §3.3, §4.4; torale-api-current.md
 * §5.6): one signed webhook POST, recorded as a delivery, and the email a real service would
 * send, recorded as a notification send (no mail leaves this machine: its status is
 * "skipped", as upstream without Novu). Also the request `POST /webhooks/test` sends.
 */
import type { Generation } from "./http.ts";
import { isoZ, type Storage, type TaskRow } from "./storage/mod.ts";
import type { ExecutionRow } from "./storage/mod.ts";

/** The event every delivery announces. */
export const EVENT = "task.condition_met";
const TIMEOUT_MS = 10_000;

/** Lowercase hex HMAC-SHA256 of `message` keyed with `secret`. */
export async function hmacHex(secret: string, message: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(message)));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** How one delivery went: `error` is null on a 2xx. */
export interface DeliveryOutcome {
  status: number | null;
  error: string | null;
}

/**
 * POSTs `body` to `url` with the signature headers: `X-Torale-Signature: t=<unix>,v1=<hex
 * HMAC-SHA256(secret, "<t>.<body>")>`. Never throws; the error texts are the contract's.
 */
export async function deliver(
  url: string,
  secret: string,
  body: string,
  options: { deliveryId: string; headers?: Record<string, string> },
): Promise<DeliveryOutcome> {
  const t = String(Math.floor(Date.now() / 1000));
  const reserved = new Set([
    "content-type",
    "user-agent",
    "x-torale-event",
    "x-torale-signature",
    "x-torale-delivery",
    "x-torale-timestamp",
  ]);
  const custom = Object.entries(options.headers ?? {}).filter(([name]) =>
    !reserved.has(name.toLowerCase())
  );
  try {
    const response = await fetch(url, {
      method: "POST",
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Torale-Webhooks/1.0",
        "X-Torale-Event": EVENT,
        "X-Torale-Signature": `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`,
        "X-Torale-Delivery": options.deliveryId,
        "X-Torale-Timestamp": t,
        ...Object.fromEntries(custom),
      },
    });
    const text = await response.text();
    if (response.status >= 200 && response.status < 300) {
      return { status: response.status, error: null };
    }
    return { status: response.status, error: `HTTP ${response.status}: ${text.slice(0, 200)}` };
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError") return { status: null, error: "Timeout after 10s" };
    return { status: null, error: `Request error: ${httpxMessage(error as Error)}` };
  }
}

/** What httpx, the service's client, says where fetch fails to connect or resolve. */
function httpxMessage(error: Error): string {
  const cause = String(error.cause ?? "");
  if (/tcp connect error/.test(cause)) return "All connection attempts failed";
  if (/dns error: .*Name or service not known/.test(cause)) {
    return "[Errno -2] Name or service not known";
  }
  return error.message;
}

/** Python's `str(datetime)` of a stored `isoZ` time: `2026-04-27 09:00:05.123000+00:00`. */
function pythonStr(iso: string): string {
  return iso.replace("T", " ").replace(/Z$/, "+00:00");
}

/** A `task.condition_met` event around `data`, as compact JSON. */
function event(id: string, data: Record<string, unknown>): string {
  return JSON.stringify({
    id,
    event_type: EVENT,
    created_at: Math.floor(Date.now() / 1000),
    object: "event",
    api_version: "v1",
    data,
  });
}

/** The event body, compact JSON, for a finished run of either generation. */
export function eventBody(
  generation: Generation,
  task: Pick<TaskRow, "id" | "name" | "search_query" | "condition_description" | "context">,
  run: ExecutionRow,
): string {
  const result = JSON.parse(run.result ?? "{}");
  const sources = JSON.parse(run.grounding_sources ?? "[]");
  const current = generation === "current";
  const context = current && task.context ? JSON.parse(task.context) : null;
  const hasContext = context !== null && typeof context === "object" &&
    Object.keys(context).length > 0;
  return event(run.id, {
    task: {
      id: task.id,
      name: task.name,
      search_query: task.search_query,
      condition_description: task.condition_description,
    },
    execution: current
      ? {
        id: run.id,
        notification: run.notification ?? "",
        completed_at: run.completed_at ? pythonStr(run.completed_at) : null,
      }
      : {
        id: run.id,
        condition_met: run.condition_met === 1,
        change_summary: run.change_summary,
        completed_at: run.completed_at ? pythonStr(run.completed_at) : null,
      },
    result: {
      answer: current ? run.notification ?? result.evidence ?? "" : result.answer ?? "",
      grounding_sources: sources,
    },
    ...(hasContext ? { context } : {}),
  });
}

/** The body `POST /webhooks/test` sends (torale-api-current.md §3.3). */
export function testBody(generation: Generation): string {
  const hex = Array.from(
    crypto.getRandomValues(new Uint8Array(8)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  const completed = new Date().toISOString().replace(/Z$/, "000");
  return event(`test_${hex}`, {
    task: {
      id: "test_task_id",
      name: "Test Task",
      search_query: "Test query",
      condition_description: "Test condition",
    },
    execution: generation === "current"
      ? {
        id: "test_execution_id",
        notification: "Test notification text",
        completed_at: completed,
      }
      : {
        id: "test_execution_id",
        condition_met: true,
        change_summary: "Test change summary",
        completed_at: completed,
      },
    result: { answer: "Test answer", grounding_sources: [] },
  });
}

interface NotificationConfig {
  type: string;
  address?: string | null;
  url?: string | null;
  headers?: Record<string, string> | null;
}

/** Whether a finished run met its condition, in its generation's terms. */
function met(run: ExecutionRow): boolean {
  return run.status === "success" && (run.condition_met === 1 || run.notification !== null);
}

/** What notifyRun does beyond the real service. */
export interface NotifyOptions {
  /**
   * A convenience the real service lacks: a task without a webhook notification delivers to
   * the account's webhook config (when it has a URL and is enabled). Off by default: the
   * service sends such a task's results nowhere but email.
   */
  deliverToAccountWebhook?: boolean;
}

/**
 * After run `id` finished: when it met its condition, delivers the task's own webhook
 * notification (with its hidden secret; the account's webhook only with
 * `deliverToAccountWebhook`) and records the condition email (not on the task's first
 * successful run, which only gets the unlogged welcome mail). Never throws.
 */
export async function notifyRun(
  storage: Storage,
  generation: Generation,
  id: string,
  options: NotifyOptions = {},
): Promise<void> {
  const run = storage.executions.byId(id);
  const task = run && storage.tasks.byId(run.task_id);
  if (!run || !task || !met(run)) return;
  const user = storage.users.byId(task.user_id);
  const notifications = JSON.parse(task.notifications) as NotificationConfig[];
  const hook = notifications.find((n) => n.type === "webhook" && n.url);
  const email = notifications.find((n) => n.type === "email");
  const { webhooks } = storage;

  if (email || notifications.length === 0) {
    if (webhooks.successCount(task.id) > 1) {
      webhooks.addSend({
        user_id: task.user_id,
        task_id: task.id,
        execution_id: run.id,
        // An unverified address is accepted silently; the mail then goes to the account's.
        recipient: email?.address && storage.emails.isVerified(task.user_id, email.address)
          ? email.address
          : user?.email || "",
        notification_type: "email",
        status: "skipped",
        error_message: null,
        created_at: isoZ(),
      });
    }
  }

  const account = webhooks.config(task.user_id);
  const target = hook?.url
    ? { url: hook.url, secret: webhooks.taskSecret(task.id, hook.url), headers: hook.headers }
    : options.deliverToAccountWebhook && account.url && account.secret && account.enabled
    ? { url: account.url, secret: account.secret, headers: undefined }
    : undefined;
  if (!target) return;
  const outcome = await deliver(target.url, target.secret, eventBody(generation, task, run), {
    deliveryId: run.id,
    headers: target.headers ?? undefined,
  });
  // The task may have been deleted while the request was out.
  if (!storage.tasks.byId(task.id)) return;
  webhooks.addDelivery({
    taskId: task.id,
    executionId: run.id,
    url: target.url,
    status: outcome.status,
    error: outcome.error,
    at: isoZ(),
  });
  // Current: a failed task webhook marks the run, as the service's job does.
  if (outcome.error && generation === "current") {
    storage.executions.mergeResult(run.id, JSON.stringify({ notification_failed: true }));
  }
}
