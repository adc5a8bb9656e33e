/**
 * The JSON shapes the tools take and give, as zod schemas built from the lazily loaded zod
 * (src/mcp/sdk.ts). Outputs are loose: the API's own fields pass through as they came.
 */
import { TOOLKIT_SLUG_PATTERN } from "../api/connectors.ts";
import type { Zod } from "./sdk.ts";

/** The schemas every tool module shares. */
export function schemas(z: Zod) {
  const source = z.looseObject({ url: z.string(), title: z.string().nullish() });
  const channel = z.looseObject({
    type: z.string().describe('"email" or "webhook"'),
    address: z.string().nullish(),
    url: z.string().nullish(),
  });
  const task = z.looseObject({
    id: z.string(),
    name: z.string(),
    state: z.string().describe("active, paused or completed"),
    search_query: z.string().nullish(),
    condition_description: z.string().nullish(),
    notifications: z.array(channel).optional(),
    schedule: z.string().optional().describe("Cron, UTC (classic API only)"),
    next_run: z.string().nullish().describe("When the service runs it next (current API)"),
    context: z.record(z.string(), z.unknown()).nullish(),
    is_public: z.boolean().optional(),
    attached_connector_slugs: z.array(z.string()).nullish().describe(
      "The connectors the task's agent may read (current API)",
    ),
  });
  const run = z.looseObject({
    id: z.string(),
    task_id: z.string(),
    status: z.string().describe("pending, running, retrying, success, failed or cancelled"),
    started_at: z.string().nullish(),
    completed_at: z.string().nullish(),
    answer: z.string().nullable().describe("What the search found (result.answer/evidence)"),
    met: z.boolean().describe("Whether this run met the task's condition"),
    notification: z.string().nullish(),
    grounding_sources: z.array(source).nullish(),
    error_message: z.string().nullish(),
  });
  return {
    task,
    run,
    source,
    channel,
    /** How a tool names a task. */
    taskRef: z.string().min(1).describe(
      "The task: its full id, a unique prefix of its id (at least 4 characters), or its exact name",
    ),
    /** Notification channels of a create or update. */
    notify: {
      webhook_url: z.string().optional().describe(
        "Notify this https:// URL when the condition is met (a signed POST)",
      ),
      email: z.string().optional().describe(
        "Notify this email address (Torale sends nothing there until the account verified it)",
      ),
    },
    /** What the user should know about a write that succeeded. */
    warnings: z.array(z.string()).describe("What to tell the user (e.g. an unverified email)"),
    /** The connectors a task's agent may read (current API). */
    connectors: z.array(z.string().regex(new RegExp(TOOLKIT_SLUG_PATTERN))).optional().describe(
      "Current API only: toolkit slugs (notion, linear, github) the task's agent may read; " +
        "each must be an ACTIVE connection (list_connectors), else nothing is sent. The " +
        "classic API refuses it.",
    ),
    /** A task's context (current API). */
    context: z.record(z.string(), z.unknown()).optional().describe(
      "Current API only: a JSON object the service hands back in each webhook (data.context), " +
        'e.g. {"action": "..."}. The classic API refuses it. Note: the current Torale ' +
        "service answers 500 to any context today (an upstream bug); nothing is saved then.",
    ),
  };
}

/** The schemas, typed. */
export type Schemas = ReturnType<typeof schemas>;
