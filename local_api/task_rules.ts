/**
 * The rules of task bodies: the TaskCreate and TaskUpdate schemas of both generations
 * (torale-api.md §3.2, torale-api-current.md §3.2), the current generation's fork and
 * visibility bodies, notification checks and the state machine (the same in both).
 */
import type { Schema } from "./validate.ts";

type Json = Record<string, unknown>;

/** The states a task can be in. */
export const STATES = ["active", "paused", "completed"] as const;
const BEHAVIORS = ["once", "always", "track_state"] as const;

/** TaskCreate. */
export const createSchema: Schema = {
  name: { rule: { kind: "string" }, required: true },
  schedule: { rule: { kind: "string" }, required: true },
  config: { rule: { kind: "dict" }, required: true },
  search_query: { rule: { kind: "string" }, required: true },
  condition_description: { rule: { kind: "string" }, required: true },
  executor_type: { rule: { kind: "enum", values: ["llm_grounded_search"] } },
  state: { rule: { kind: "enum", values: STATES } },
  notify_behavior: { rule: { kind: "enum", values: BEHAVIORS } },
  notifications: { rule: { kind: "notifications" } },
  run_immediately: { rule: { kind: "bool" } },
};

/**
 * TaskUpdate. Every field is Optional, so an explicit null passes validation
 * (and, for the fields the handler rejects, then fails as in classic: a 500).
 */
export const updateSchema: Schema = {
  name: { rule: { kind: "string" }, nullable: true },
  schedule: { rule: { kind: "string" }, nullable: true },
  config: { rule: { kind: "dict" }, nullable: true },
  state: { rule: { kind: "enum", values: STATES } },
  search_query: { rule: { kind: "string" }, nullable: true },
  condition_description: { rule: { kind: "string" }, nullable: true },
  notify_behavior: { rule: { kind: "enum", values: BEHAVIORS }, nullable: true },
  notifications: { rule: { kind: "notifications" }, nullable: true },
};

/** The current generation's TaskCreate: only search_query is required; name may not be null. */
export const currentCreateSchema: Schema = {
  name: { rule: { kind: "string" } },
  state: { rule: { kind: "enum", values: STATES } },
  search_query: { rule: { kind: "string" }, required: true },
  condition_description: { rule: { kind: "string" }, nullable: true },
  notifications: { rule: { kind: "notifications" } },
  attached_connector_slugs: { rule: { kind: "strings" } },
  run_immediately: { rule: { kind: "bool" } },
  context: { rule: { kind: "dict" }, nullable: true },
};

/** The current generation's TaskUpdate: every field Optional, so null passes validation. */
export const currentUpdateSchema: Schema = {
  name: { rule: { kind: "string" }, nullable: true },
  state: { rule: { kind: "enum", values: STATES }, nullable: true },
  search_query: { rule: { kind: "string" }, nullable: true },
  condition_description: { rule: { kind: "string" }, nullable: true },
  notifications: { rule: { kind: "notifications" }, nullable: true },
  context: { rule: { kind: "dict" }, nullable: true },
  attached_connector_slugs: { rule: { kind: "strings" }, nullable: true },
};

/** `PATCH …/visibility`: `is_public` is required and read laxly ("yes" is true). */
export const visibilitySchema: Schema = {
  is_public: { rule: { kind: "laxBool" }, required: true },
};

/** `POST …/fork`: an optional new name. */
export const forkSchema: Schema = { name: { rule: { kind: "string" }, nullable: true } };

/** The fields of a PUT whose explicit null is an unhandled 500 in classic. */
export const NOT_NULLABLE = ["name", "schedule", "config", "notifications", "notify_behavior"];

const VALID_TRANSITIONS = new Set([
  "paused>active",
  "active>paused",
  "active>completed",
  "completed>active",
]);

/** The 400 text of a state change the machine refuses, or undefined when it is allowed. */
export function transitionProblem(from: string, to: string): string | undefined {
  return VALID_TRANSITIONS.has(`${from}>${to}`)
    ? undefined
    : `Invalid state transition: Cannot transition from ${from} to ${to}`;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The 400 of notification validation, if any; otherwise the configs with all six keys. */
export function checkNotifications(list: Json[]): { error?: string; value: Json[] } {
  const value: Json[] = [];
  const seen = new Set<string>();
  for (const item of list) {
    const type = item.type as string;
    if (seen.has(type)) {
      return {
        error:
          "Multiple notifications of the same type are not supported. Please provide at most one email and one webhook notification.",
        value,
      };
    }
    seen.add(type);
    if (type === "email") {
      if (!item.address) return { error: "Invalid notification: Email address required", value };
      if (!EMAIL.test(String(item.address))) {
        return {
          error:
            `Invalid notification: Invalid email format: 1 validation error for EmailStr\n  value is not a valid email address`,
          value,
        };
      }
    } else {
      if (!item.url) return { error: "Invalid notification: Webhook URL required", value };
      if (!String(item.url).startsWith("https://")) {
        return { error: "Invalid notification: Webhook URL must use HTTPS", value };
      }
    }
    value.push({
      type,
      address: item.address ?? null,
      template: item.template ?? null,
      url: item.url ?? null,
      method: item.method ?? "POST",
      headers: item.headers ?? null,
    });
  }
  return { value };
}
