/** `torale task update <id>`: change a task's fields or state. */
import { type TaskPatch, updateTask } from "../../api/task_writes.ts";
import type { Context } from "../../kit/context.ts";
import { UsageError } from "../../errors.ts";
import { changeTask } from "./change.ts";
import { connectorSlugs } from "./connectors.ts";
import { checkCron } from "./cron.ts";

/** Flags of `task update`. */
export interface UpdateFlags {
  name?: string;
  query?: string;
  condition?: string;
  schedule?: string;
  notifyBehavior?: "once" | "always" | "track_state";
  active?: boolean;
  pause?: boolean;
  inactive?: boolean;
  complete?: boolean;
  connector?: string[];
  noConnectors?: boolean;
}

function targetState(flags: UpdateFlags): TaskPatch["state"] {
  const states = [
    flags.active && "active" as const,
    (flags.pause || flags.inactive) && "paused" as const,
    flags.complete && "completed" as const,
  ].filter((state) => state !== false && state !== undefined);
  if (states.length > 1) {
    throw new UsageError("Use only one of --active, --pause (--inactive) and --complete");
  }
  return states[0];
}

/** A flag's trimmed value; an explicit empty one is a usage error. */
function nonEmpty(flags: UpdateFlags, flag: "name" | "query" | "condition"): string | undefined {
  const value = flags[flag];
  if (value === undefined) return undefined;
  if (value.trim() === "") throw new UsageError(`--${flag} must not be empty`);
  return value.trim();
}

/** `--connector` (the new list) or `--no-connectors` (an empty one); not both. */
function connectorPatch(flags: UpdateFlags): string[] | undefined {
  if (flags.noConnectors && flags.connector?.length) {
    throw new UsageError("Use either --connector or --no-connectors, not both");
  }
  return flags.noConnectors ? [] : connectorSlugs(flags.connector);
}

/** The patch the flags ask for: only the fields that were given. */
function patchOf(flags: UpdateFlags): TaskPatch {
  const patch: TaskPatch = {
    name: nonEmpty(flags, "name"),
    search_query: nonEmpty(flags, "query"),
    condition_description: nonEmpty(flags, "condition"),
    schedule: flags.schedule?.trim(),
    notify_behavior: flags.notifyBehavior,
    state: targetState(flags),
    attached_connector_slugs: connectorPatch(flags),
  };
  for (const key of Object.keys(patch) as (keyof TaskPatch)[]) {
    if (patch[key] === undefined) delete patch[key];
  }
  return patch;
}

/** Runs `task update`. */
export default async function update(this: Context, flags: UpdateFlags, id: string): Promise<void> {
  const patch = patchOf(flags);
  if (Object.keys(patch).length === 0) {
    throw new UsageError("Nothing to update", {
      hints: [
        "Give at least one of --name, --query, --condition, --schedule, --notify-behavior, --active, --pause, --complete, --connector or --no-connectors.",
      ],
    });
  }
  if (patch.schedule !== undefined) await checkCron(patch.schedule);
  await changeTask(this, id, {
    write: (client, generation, id, options) => updateTask(client, generation, id, patch, options),
  });
}
