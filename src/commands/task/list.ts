/** `torale task list`: the user's tasks as a table, JSON or YAML. */
import { listTasks } from "../../api/tasks.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { UsageError } from "../../errors.ts";
import { printTaskTable } from "./render.ts";

/** Flags of `task list`. */
export type ListFlags = {
  active?: boolean;
  paused?: boolean;
  completed?: boolean;
  limit?: number;
};

function stateFilter(flags: ListFlags): string | undefined {
  const chosen = (["active", "paused", "completed"] as const).filter((s) => flags[s]);
  if (chosen.length > 1) {
    throw new UsageError("Use only one of --active, --paused and --completed");
  }
  return chosen[0];
}

/** Runs `task list`. */
export default async function list(this: Context, flags: ListFlags): Promise<void> {
  const state = stateFilter(flags);
  const session = await Session.open(this.deps, this.globals);
  let tasks = await listTasks(session.api(), state);
  if (flags.limit !== undefined) tasks = tasks.slice(0, flags.limit);
  await session.output(tasks, (tasks) => {
    if (tasks.length === 0) return session.print("No tasks found.");
    printTaskTable(session, tasks);
  });
}
