/** `torale task resume <id>`. */
import { resumeTask } from "../../api/task_writes.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { changeTask } from "./change.ts";

/** Runs `task resume`. */
export default async function resume(this: Context, _flags: NoFlags, id: string): Promise<void> {
  await changeTask(this, id, { write: resumeTask, done: "Resumed" });
}
