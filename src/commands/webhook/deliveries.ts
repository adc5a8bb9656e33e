/** `torale webhook deliveries [--task ID] [--limit N]`: the delivery log, newest first. */
import { existingTaskId } from "../../api/tasks.ts";
import { listDeliveries } from "../../api/webhooks.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { printDeliveries } from "./render.ts";

/** Flags of `webhook deliveries`. */
export interface DeliveriesFlags {
  task?: string;
  limit: number;
}

/** Runs `webhook deliveries`. */
export default async function deliveries(this: Context, flags: DeliveriesFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  // The task is looked up first: the sends route answers an empty list for a task not yours.
  const taskId = flags.task === undefined ? undefined : await existingTaskId(client, flags.task);
  const rows = await listDeliveries(client, { taskId, limit: flags.limit });
  await session.output(rows, (rows) => {
    if (rows.length === 0) {
      session.print("No webhook deliveries found.");
      return;
    }
    printDeliveries(session, rows);
  });
}
