/** `torale task update`, `task pause` and `task resume`: change a task. */
import { updateTask } from "../../api/tasks.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { UsageError } from "../../errors.ts";
import { checkCron } from "./cron.ts";
import { printTaskSummary } from "./render.ts";

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
}

function targetState(flags: UpdateFlags): string | undefined {
  const states = [
    flags.active && "active",
    (flags.pause || flags.inactive) && "paused",
    flags.complete && "completed",
  ].filter(Boolean) as string[];
  if (states.length > 1) {
    throw new UsageError("Use only one of --active, --pause (--inactive) and --complete");
  }
  return states[0];
}

/** The PUT body: only the fields that were given. */
export async function updateBody(flags: UpdateFlags): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = {};
  for (
    const [flag, field] of [["name", "name"], ["query", "search_query"], [
      "condition",
      "condition_description",
    ]] as const
  ) {
    const value = flags[flag];
    if (value === undefined) continue;
    if (value.trim() === "") throw new UsageError(`--${flag} must not be empty`);
    body[field] = value.trim();
  }
  if (flags.schedule !== undefined) {
    await checkCron(flags.schedule.trim());
    body.schedule = flags.schedule.trim();
  }
  if (flags.notifyBehavior !== undefined) body.notify_behavior = flags.notifyBehavior;
  const state = targetState(flags);
  if (state) body.state = state;
  return body;
}

async function put(context: Context, id: string, body: Record<string, unknown>) {
  const session = await Session.open(context.deps, context.globals);
  const task = await updateTask(session.api(), id, body);
  await session.output(task, async () => {
    session.print(`${session.colors.ok} Task updated`);
    await printTaskSummary(session, task);
  });
}

/** Runs `task update`. */
export default async function update(this: Context, flags: UpdateFlags, id: string): Promise<void> {
  const body = await updateBody(flags);
  if (Object.keys(body).length === 0) {
    throw new UsageError("Nothing to update", {
      hints: [
        "Give at least one of --name, --query, --condition, --schedule, --notify-behavior, --active, --pause or --complete.",
      ],
    });
  }
  await put(this, id, body);
}

/** Runs `task pause`. */
export async function pause(this: Context, _flags: NoFlags, id: string): Promise<void> {
  await put(this, id, { state: "paused" });
}

/** Runs `task resume`. */
export async function resume(this: Context, _flags: NoFlags, id: string): Promise<void> {
  await put(this, id, { state: "active" });
}
