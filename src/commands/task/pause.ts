/** `torale task pause <id>`. */
import { pauseTask } from "../../api/task_writes.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { changeTask } from "./change.ts";

/** Runs `task pause`. */
export default async function pause(this: Context, _flags: NoFlags, id: string): Promise<void> {
  await changeTask(this, id, { write: pauseTask, done: "Paused" });
}
