/** `torale task logs <id>`: one block per execution; `--follow` keeps printing new ones. */
import { listRuns, resolveTaskId } from "../../api/tasks.ts";
import type { TaskExecution } from "../../api/types.ts";
import { UsageError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { RUNS_PER_CHECK } from "./poll.ts";
import { isMet, printExecutions } from "./render.ts";

/** Flags of `task logs`. */
export interface LogsFlags {
  status?: "success" | "failed" | "running" | "pending";
  notificationsOnly?: boolean;
  limit: number;
  follow?: boolean;
}

/** The runs `flags` select from `runs` (newest first), before --limit. */
export function selectRuns(runs: TaskExecution[], flags: LogsFlags): TaskExecution[] {
  let selected = runs;
  if (flags.notificationsOnly) selected = selected.filter(isMet);
  if (flags.status) selected = selected.filter((run) => run.status === flags.status);
  return selected;
}

/** Runs `task logs`. */
export default async function logs(this: Context, flags: LogsFlags, id: string): Promise<void> {
  if (flags.follow && (flags.status === "running" || flags.status === "pending")) {
    throw new UsageError(`--follow prints runs as they finish: --status ${flags.status} never`, {
      hints: ["Follow every run with --follow alone, or only --status success or failed ones."],
    });
  }
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  const taskId = await resolveTaskId(client, id);
  // Status is filtered here (the API has no such parameter), so ask for enough rows first;
  // --follow needs every run a later check can see, to tell the new ones.
  const runs = await listRuns(client, taskId, {
    limit: flags.status
      ? Math.max(100, flags.limit)
      : flags.follow
      ? Math.max(RUNS_PER_CHECK, flags.limit)
      : flags.limit,
    notificationsOnly: flags.notificationsOnly,
  });
  const shown = selectRuns(runs, flags).slice(0, flags.limit);
  if (flags.follow) {
    const { follow } = await import("./logs_follow.ts");
    return await follow(session, client, { taskId, flags, runs, shown });
  }
  await session.output(shown, (runs) => {
    if (runs.length === 0) {
      session.print(flags.notificationsOnly ? "No notifications found." : "No executions found.");
      return;
    }
    printExecutions(session, runs);
  });
}
