/** `torale task logs <id>`: one block per execution. */
import type { TaskExecution } from "../../api/types.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { formatTime } from "../../output/time.ts";
import { answerOf, duration, isMet, resolveTaskId, sourceDomains, taskPath } from "./shared.ts";

/** Flags of `task logs`. */
export interface LogsFlags {
  status?: "success" | "failed" | "running" | "pending";
  notificationsOnly?: boolean;
  limit: number;
}

/** Prints one execution as a block of labelled lines. */
export function printExecution(session: Session, execution: TaskExecution): void {
  const { colors } = session;
  const status = execution.status === undefined
    ? undefined
    : execution.status === "success"
    ? colors.green(execution.status)
    : execution.status === "failed"
    ? colors.red(execution.status)
    : colors.yellow(execution.status);
  const p = (label: string, value: string | null | undefined) => session.field(label, value, 15);
  p("Execution", execution.id);
  p("Time", formatTime(execution.started_at));
  p("Status", status);
  p("Condition Met", execution.status === "success" ? (isMet(execution) ? "yes" : "no") : "-");
  const answer = answerOf(execution);
  if (answer) p("Answer", answer);
  if (execution.error_message) p("Error", execution.error_message);
  const domains = sourceDomains(execution);
  p("Sources", domains.length ? domains.join(", ") : "-");
  p("Duration", duration(execution));
}

/** Runs `task logs`. */
export default async function logs(this: Context, flags: LogsFlags, id: string): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  const taskId = await resolveTaskId(client, id);
  const path = flags.notificationsOnly ? "/notifications" : "/executions";
  // Status is filtered here (the API has no such parameter), so ask for enough rows first.
  let runs = await client.get<TaskExecution[]>(taskPath(taskId, path), {
    query: { limit: flags.status ? Math.max(100, flags.limit) : flags.limit },
    expect: "list",
  });
  if (flags.notificationsOnly) runs = runs.filter(isMet);
  if (flags.status) runs = runs.filter((run) => run.status === flags.status);
  runs = runs.slice(0, flags.limit);
  await session.output(runs, () => {
    if (runs.length === 0) {
      session.print(flags.notificationsOnly ? "No notifications found." : "No executions found.");
      return;
    }
    runs.forEach((run, i) => {
      if (i > 0) session.print();
      printExecution(session, run);
    });
  });
}
