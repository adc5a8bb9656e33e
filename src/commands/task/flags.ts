/** The flags of `task create` and `task update`, apart from the tree's routes (routes.ts). */
import { optionalText, toggle } from "../../kit/spec.ts";
import { templateIds, toolkitSlugs } from "../lookups.ts";

/** `--notify-behavior`, classic only. */
export const notifyBehavior = {
  kind: "enum",
  values: ["once", "always", "track_state"],
  brief: "once (complete after the first match), always, or track_state; classic API only",
} as const;

/** `--connector <toolkit>`, repeatable: the connectors a task's agent may read. */
function connectorFlag(brief: string) {
  return { ...optionalText(brief, "toolkit", toolkitSlugs), variadic: true } as const;
}

/** Flags of `task create`. */
export const createFlags = {
  query: optionalText("What to search for (required unless --template)", "text"),
  condition: optionalText("When to notify you (required unless --template)", "text"),
  template: optionalText(
    "Start from a template (torale template list); flags given win",
    "id",
    templateIds,
  ),
  schedule: optionalText(
    "Cron schedule, 5 fields, UTC (default 0 9 * * *; classic API only)",
    "cron",
  ),
  name: optionalText("Task name (default: from the query)", "name"),
  notifyBehavior: { ...notifyBehavior, optional: true },
  runImmediately: toggle("Run once right away"),
  paused: toggle("Create the task paused"),
  webhook: optionalText("Notify this https:// webhook URL", "url"),
  email: optionalText(
    "Notify this email address (warns when it is not verified: torale email add)",
    "address",
  ),
  model: optionalText(
    "Model for the grounded search (default: the service's own; classic API only)",
    "model",
  ),
  connector: connectorFlag(
    "Let the agent read this connected toolkit (torale connectors list; current API)",
  ),
} as const;

/** Short forms of `task create`'s flags. */
export const createAliases = {
  q: "query",
  c: "condition",
  s: "schedule",
  n: "name",
  w: "webhook",
  m: "model",
  t: "template",
} as const;

/** Flags of `task update`. */
export const updateFlags = {
  name: optionalText("New name", "name"),
  query: optionalText("New search query", "text"),
  condition: optionalText("New condition", "text"),
  schedule: optionalText("New cron schedule", "cron"),
  notifyBehavior: { ...notifyBehavior, optional: true },
  active: toggle("Resume the task"),
  pause: toggle("Pause the task"),
  inactive: toggle("Same as --pause"),
  complete: toggle("Mark the task completed"),
  connector: connectorFlag(
    "Set the connectors the agent may read to these (replaces the list; current API)",
  ),
  noConnectors: toggle("Detach every connector from the task (current API)"),
} as const;
