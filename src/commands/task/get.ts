/** `torale task get <id>`: every field of a task in labelled lines. */
import type { Task } from "../../api/types.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { formatTime } from "../../output/time.ts";
import { answerOf, fetchTask, isMet, scheduleInWords } from "./shared.ts";

function notificationLine(n: Record<string, unknown>): string {
  return `  - ${n.type}: ${n.address ?? n.url ?? "-"}`;
}

/** Prints every field of a task. */
export async function printTaskDetails(session: Session, task: Task): Promise<void> {
  const p = (label: string, value: string | null | undefined) => session.field(label, value, 18);
  p("ID", task.id);
  p("Name", task.name);
  p("Search Query", task.search_query);
  p("Condition", task.condition_description);
  p("Schedule", await scheduleInWords(task.schedule));
  p("State", task.state);
  p("Notify Behavior", task.notify_behavior);
  p("Condition Met", task.condition_met ? "yes" : "no");
  p("Last Notified", formatTime(task.last_notified_at));
  const notifications = task.notifications ?? [];
  p("Notifications", notifications.length === 0 ? "none" : "");
  for (const n of notifications) session.print(notificationLine(n));
  p("Config", task.config ? JSON.stringify(task.config) : "-");
  const last = task.last_execution;
  if (last) {
    const answer = answerOf(last);
    p(
      "Last Execution",
      `${last.status}, ${isMet(last) ? "condition met" : "condition not met"}, ${
        formatTime(last.started_at)
      }`,
    );
    if (answer) p("Last Answer", answer.length > 200 ? answer.slice(0, 200) + "…" : answer);
  } else {
    p("Last Execution", "never run");
  }
  p("Created", formatTime(task.created_at));
  p("Updated", formatTime(task.updated_at));
  p("State Changed", formatTime(task.state_changed_at));
}

/** Runs `task get`. */
export default async function get(this: Context, _flags: NoFlags, id: string): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const task = await fetchTask(session.api(), id);
  await session.output(task, () => printTaskDetails(session, task));
}
