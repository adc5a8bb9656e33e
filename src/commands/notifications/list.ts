/** `torale notifications list [--task ID] [--limit N]`: what was sent, newest first. */
import { shortIds } from "../../api/ids.ts";
import { listSends, type NotificationSend } from "../../api/notifications.ts";
import { existingTaskId } from "../../api/tasks.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { formatTime, relativeTime } from "../../output/time.ts";

/** Flags of `notifications list`. */
export interface ListFlags {
  task?: string;
  limit: number;
}

function printSends(session: Session, sends: NotificationSend[]): void {
  const now = session.deps.clock.now();
  const ids = session.compact
    ? shortIds(sends.flatMap((send) => [send.task_id, send.execution_id ?? ""]))
    : undefined;
  const short = (id: string | null) => id ? ids?.get(id) ?? id : "-";
  session.table(
    [
      { header: "TIME" },
      { header: "CHANNEL" },
      { header: "RECIPIENT", shrink: true },
      { header: "STATUS" },
      { header: "TASK" },
      { header: "RUN", drop: 1 },
      { header: "ERROR", shrink: true, drop: 2 },
    ],
    sends.map((send) => [
      session.compact ? relativeTime(send.created_at, now) : formatTime(send.created_at),
      send.notification_type,
      send.recipient,
      send.status,
      short(send.task_id),
      short(send.execution_id),
      send.error_message ?? "",
    ]),
  );
}

/** Runs `notifications list`. */
export default async function list(this: Context, flags: ListFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  // The task is looked up first: the sends route answers an empty list for a task not yours.
  const taskId = flags.task === undefined ? undefined : await existingTaskId(client, flags.task);
  const found = await listSends(client, { taskId, limit: flags.limit });
  await session.output(found, (found) => {
    if (found.sends.length === 0) {
      session.print("No notifications sent yet.");
      return;
    }
    printSends(session, found.sends);
    if (found.total > found.sends.length) {
      session.info(`Showing ${found.sends.length} of ${found.total}; see more with --limit.`);
    }
  });
}
