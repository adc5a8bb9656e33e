/** `torale task fork <id> [--name N]` (current API): a paused, private copy of a task. */
import { checkApplied } from "../../api/echo.ts";
import { requireCurrent } from "../../api/generation.ts";
import { forkTask, resolveTaskId } from "../../api/tasks.ts";
import { UsageError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { printTaskSummary } from "./render.ts";

/** Flags of `task fork`. */
export interface ForkFlags {
  name?: string;
}

/** Runs `task fork`. */
export default async function fork(this: Context, flags: ForkFlags, input: string): Promise<void> {
  const name = flags.name?.trim();
  if (name === "") throw new UsageError("The name (-n) must not be empty");
  const session = await Session.open(this.deps, this.globals);
  requireCurrent(await session.generation(), "task fork", session.settings.apiUrl.value);
  const client = session.api();
  // A public task of someone else has a full id the user typed; only own tasks resolve by prefix.
  const id = await resolveTaskId(client, input);
  const task = await forkTask(client, id, name);
  await session.output(task, async (task) => {
    session.print(
      `${session.colors.ok} Task forked (paused; resume it with: torale task resume ${task.id})`,
    );
    await printTaskSummary(session, task);
  });
  checkApplied("fork", { forked_from_task_id: id, ...(name ? { name } : {}) }, task);
}
