/** `torale task update`, `task pause` and `task resume`: change a task. */
import { checkApplied } from "../../api/echo.ts";
import { refuseOnCurrent } from "../../api/generation.ts";
import { nameTakenBy, resolveTaskId, updateTask } from "../../api/tasks.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { CliError, UsageError } from "../../errors.ts";
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
function updateBody(flags: UpdateFlags): Record<string, unknown> {
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
  if (flags.schedule !== undefined) body.schedule = flags.schedule.trim();
  if (flags.notifyBehavior !== undefined) body.notify_behavior = flags.notifyBehavior;
  const state = targetState(flags);
  if (state) body.state = state;
  return body;
}

/**
 * What depends on the server's generation, checked before anything is
 * written: fields the current API dropped are refused, and a new name must
 * be free there (names are unique per user).
 */
async function checkForServer(session: Session, id: string, body: Record<string, unknown>) {
  if (
    body.schedule === undefined && body.notify_behavior === undefined && body.name === undefined
  ) {
    return;
  }
  if (typeof body.schedule === "string") await checkCron(body.schedule);
  const generation = await session.generation();
  const url = session.settings.apiUrl.value;
  if (body.schedule !== undefined) refuseOnCurrent(generation, "--schedule", url);
  if (body.notify_behavior !== undefined) refuseOnCurrent(generation, "--notify-behavior", url);
  if (generation !== "current" || typeof body.name !== "string") return;
  const client = session.api();
  const clash = await nameTakenBy(client, body.name, await resolveTaskId(client, id));
  if (clash) {
    throw new CliError(
      `A task named "${body.name}" already exists (${clash.id}); nothing was changed`,
      {
        hints: ["Task names are unique on this API: choose another name."],
      },
    );
  }
}

/** Changes `id`; `done` is the one line a state change prints instead of the whole task. */
async function put(
  context: Context,
  id: string,
  body: Record<string, unknown>,
  done?: string,
) {
  const session = await Session.open(context.deps, context.globals);
  await checkForServer(session, id, body);
  const task = await updateTask(session.api(), id, body);
  await session.output(task, async (task) => {
    if (done) {
      return session.print(
        `${session.colors.ok} ${done} "${task.name}" (${String(task.id).slice(0, 8)})`,
      );
    }
    session.print(`${session.colors.ok} Task updated`);
    await printTaskSummary(session, task);
  });
  checkApplied("change", body, task);
}

/** Runs `task update`. */
export default async function update(this: Context, flags: UpdateFlags, id: string): Promise<void> {
  const body = updateBody(flags);
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
  await put(this, id, { state: "paused" }, "Paused");
}

/** Runs `task resume`. */
export async function resume(this: Context, _flags: NoFlags, id: string): Promise<void> {
  await put(this, id, { state: "active" }, "Resumed");
}
