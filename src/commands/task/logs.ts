/** `torale task logs <id>`: one block per execution. */
import { listRuns, resolveTaskId } from "../../api/tasks.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { isMet, printExecutions } from "./render.ts";

/** Flags of `task logs`. */
export interface LogsFlags {
  status?: "success" | "failed" | "running" | "pending";
  notificationsOnly?: boolean;
  limit: number;
}

/** Runs `task logs`. */
export default async function logs(this: Context, flags: LogsFlags, id: string): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  const taskId = await resolveTaskId(client, id);
  // Status is filtered here (the API has no such parameter), so ask for enough rows first.
  let runs = await listRuns(client, taskId, {
    limit: flags.status ? Math.max(100, flags.limit) : flags.limit,
    notificationsOnly: flags.notificationsOnly,
  });
  if (flags.notificationsOnly) runs = runs.filter(isMet);
  if (flags.status) runs = runs.filter((run) => run.status === flags.status);
  runs = runs.slice(0, flags.limit);
  await session.output(runs, (runs) => {
    if (runs.length === 0) {
      session.print(flags.notificationsOnly ? "No notifications found." : "No executions found.");
      return;
    }
    printExecutions(session, runs);
  });
}
