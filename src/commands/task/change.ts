/** What `task update`, `task pause` and `task resume` share: one write to one task, shown. */
import type { Generation } from "../../api/generation.ts";
import { resolveTask, type TaskId } from "../../api/tasks.ts";
import type { UpdateOptions } from "../../api/task_writes.ts";
import type { ApiClient } from "../../api/client.ts";
import type { Task } from "../../api/types.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { printTaskSummary } from "./render.ts";

/** One of the task writes of `task_writes.ts`, given all but its options. */
export type Write = (
  client: ApiClient,
  generation: () => Promise<Generation>,
  id: TaskId,
  options: UpdateOptions,
) => Promise<Task>;

/** Changes `input` with `write`; `done` is the line a state change prints instead of the task. */
export async function changeTask(
  context: Context,
  input: string,
  { write, done }: { write: Write; done?: string },
): Promise<void> {
  const session = await Session.open(context.deps, context.globals);
  const client = session.api();
  const { id, tasks } = await resolveTask(client, input);
  await write(client, () => session.generation(), id, {
    tasks,
    show: (task) =>
      session.output(task, async (task) => {
        if (done) {
          return session.print(
            `${session.colors.ok} ${done} "${task.name}" (${String(task.id).slice(0, 8)})`,
          );
        }
        session.print(`${session.colors.ok} Task updated`);
        await printTaskSummary(session, task);
      }),
  });
}
