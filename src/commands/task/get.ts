/** `torale task get <id>`: every field of a task in labelled lines. */
import { getTask, resolveTaskId } from "../../api/tasks.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { printTaskDetails } from "./render.ts";

/** Runs `task get`. */
export default async function get(this: Context, _flags: NoFlags, id: string): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  const task = await getTask(client, await resolveTaskId(client, id));
  await session.output(task, (task) => printTaskDetails(session, task));
}
