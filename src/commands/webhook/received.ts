/** What `webhook listen` records and prints about one request. */
import type { Colors } from "../../color.ts";

/** One request as `webhook listen` reports it (a JSON line with --json). */
export interface Received {
  valid: boolean;
  reason?: string;
  received_at: string;
  event_type?: string;
  delivery?: string;
  task_id?: string;
  task_name?: string;
  /** The run's message: current `execution.notification`, else `result.answer`. */
  summary?: string;
  /** The event as sent, for valid deliveries only. */
  payload?: unknown;
  forwarded?: { status: number } | { error: string };
}

type Json = Record<string, unknown>;

function object(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value as Json : {};
}

function textOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The fields of a request worth a line; the payload itself only when it is authentic. */
export function summarise(headers: Headers, body: string, valid: boolean): Partial<Received> {
  let event: Json = {};
  try {
    event = object(JSON.parse(body));
  } catch {
    // Not JSON: only the headers say anything.
  }
  const data = object(event.data);
  const task = object(data.task);
  const execution = object(data.execution);
  const result = object(data.result);
  const out: Partial<Received> = {
    event_type: textOf(headers.get("x-torale-event")) ?? textOf(event.event_type),
    delivery: textOf(headers.get("x-torale-delivery")) ?? textOf(event.id),
    task_id: textOf(task.id),
    task_name: textOf(task.name),
    summary: textOf(execution.notification) ?? textOf(result.answer),
  };
  if (valid) out.payload = Object.keys(event).length ? event : body;
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

function oneLine(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `✓ 09:00:05 task.condition_met task "Name" (id) delivery … "summary"` or `✗ … rejected: why`. */
export function receivedLine(record: Received, colors: Colors): string {
  const time = record.received_at.slice(11, 19);
  const parts = [`${record.valid ? colors.ok : colors.fail} ${time}`];
  if (!record.valid) parts.push(`rejected: ${record.reason}`);
  else parts.push(record.event_type ?? "event");
  if (record.task_name || record.task_id) {
    parts.push(`task "${oneLine(record.task_name ?? "", 40)}" (${record.task_id ?? "?"})`);
  }
  if (record.delivery) parts.push(`delivery ${record.delivery}`);
  if (record.valid && record.summary) parts.push(`"${oneLine(record.summary)}"`);
  if (record.forwarded) {
    parts.push(
      "status" in record.forwarded
        ? `→ forwarded (HTTP ${record.forwarded.status})`
        : `→ forward failed: ${oneLine(record.forwarded.error)}`,
    );
  }
  return parts.join("  ");
}
