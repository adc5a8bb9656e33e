/** `torale task update`, `task pause` and `task resume`: change a task. */
import type { Generation } from "../../api/generation.ts";
import { resolveTask, type TaskId } from "../../api/tasks.ts";
import {
  pauseTask,
  resumeTask,
  type TaskPatch,
  type UpdateOptions,
  updateTask,
} from "../../api/task_writes.ts";
import type { ApiClient } from "../../api/client.ts";
import type { Task } from "../../api/types.ts";
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

/** The patch the flags ask for: only the fields that were given. */
function patchOf(flags: UpdateFlags): TaskPatch {
  const patch: TaskPatch = {
    name: nonEmpty(flags, "name"),
    search_query: nonEmpty(flags, "query"),
    condition_description: nonEmpty(flags, "condition"),
    schedule: flags.schedule?.trim(),
    notify_behavior: flags.notifyBehavior,
    state: targetState(flags),
  };
  for (const key of Object.keys(patch) as (keyof TaskPatch)[]) {
    if (patch[key] === undefined) delete patch[key];
  }
  return patch;
}

/** One of the task writes of `task_writes.ts`, given all but its options. */
type Write = (
  client: ApiClient,
  generation: () => Promise<Generation>,
  id: TaskId,
  options: UpdateOptions,
) => Promise<Task>;

/** Changes `input` with `write`; `done` is the line a state change prints instead of the task. */
async function change(context: Context, input: string, write: Write, done?: string) {
  const session = await Session.open(context.deps, context.globals);
  const client = session.api();
  const { id, tasks } = await resolveTask(client, input);
  await write(client, () => session.generation(), id, {
    tasks,
    show: (task) =>
      session.output(task, async (task) => {
        if (done) {
          return session.print(
            `${session.colors.ok} ${done} "${task.name}" (${String(task.id).slice(0, 8)})`,
          );
        }
        session.print(`${session.colors.ok} Task updated`);
        await printTaskSummary(session, task);
      }),
  });
}

/** Runs `task update`. */
export default async function update(this: Context, flags: UpdateFlags, id: string): Promise<void> {
  const patch = patchOf(flags);
  if (Object.keys(patch).length === 0) {
    throw new UsageError("Nothing to update", {
      hints: [
        "Give at least one of --name, --query, --condition, --schedule, --notify-behavior, --active, --pause or --complete.",
      ],
    });
  }
  if (patch.schedule !== undefined) await checkCron(patch.schedule);
  await change(
    this,
    id,
    (client, generation, id, options) => updateTask(client, generation, id, patch, options),
  );
}

/** Runs `task pause`. */
export async function pause(this: Context, _flags: NoFlags, id: string): Promise<void> {
  await change(this, id, pauseTask, "Paused");
}

/** Runs `task resume`. */
export async function resume(this: Context, _flags: NoFlags, id: string): Promise<void> {
  await change(this, id, resumeTask, "Resumed");
}
