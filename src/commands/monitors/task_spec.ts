/**
 * A server task as the monitors file sees it, and the comparisons a plan makes: the file's
 * view of a task (export writes it), the notifications a file's `notify` stands for, a
 * stable text of a value, and the fingerprint of what a plan depends on.
 */
import type { Generation } from "../../api/generation.ts";
import type { NotificationConfig, Task } from "../../api/types.ts";
import type { MonitorSpec } from "./file.ts";

/** The file's view of a server task (export writes this; plan compares with it). */
export function specOf(task: Task, generation: Generation): MonitorSpec {
  const channels = task.notifications ?? [];
  const email = channels.find((n) => n.type === "email")?.address;
  const webhook = channels.find((n) => n.type === "webhook")?.url;
  const spec: MonitorSpec = {
    name: task.name,
    query: task.search_query ?? "",
    condition: task.condition_description ?? "",
    state: task.state,
    notify: { ...(email ? { email } : {}), ...(webhook ? { webhook } : {}) },
  };
  if (generation === "classic") {
    if (task.schedule) spec.schedule = task.schedule;
    if (task.notify_behavior) spec.notify_behavior = task.notify_behavior as never;
  } else {
    if (task.context && Object.keys(task.context).length > 0) spec.context = task.context;
    const slugs = Array.isArray(task.attached_connector_slugs)
      ? task.attached_connector_slugs.map(String)
      : [];
    if (slugs.length > 0) spec.connectors = slugs;
  }
  return spec;
}

/**
 * The notifications the file's `notify` stands for. A channel the task already has with the
 * same address or URL is kept whole: the file does not say a webhook's method or headers, so
 * they must not be lost when another field changes.
 */
export function notificationsOf(
  notify: MonitorSpec["notify"],
  existing: readonly NotificationConfig[] = [],
): NotificationConfig[] {
  const email = notify.email;
  const webhook = notify.webhook;
  return [
    ...(email
      ? [
        existing.find((n) => n.type === "email" && n.address === email) ??
          { type: "email" as const, address: email },
      ]
      : []),
    ...(webhook
      ? [
        existing.find((n) => n.type === "webhook" && n.url === webhook) ??
          { type: "webhook" as const, url: webhook },
      ]
      : []),
  ];
}

/** A stable text of any JSON value (object keys sorted), for comparing. */
export function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${
      Object.keys(value).sort().map((k) =>
        `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`
      ).join(",")
    }}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * What a plan depends on in the server's state: equal fingerprints, equal plans. Only what a
 * file manages counts; a run updating a task's last result does not make the plan stale.
 */
export function fingerprint(tasks: Task[]): string {
  return stable(
    [...tasks].sort((a, b) => a.id.localeCompare(b.id)).map((task) => [
      task.id,
      task.name,
      task.state,
      task.search_query,
      task.condition_description,
      task.notifications,
      task.schedule,
      task.notify_behavior,
      task.context,
      task.attached_connector_slugs,
    ]),
  );
}
