/** `torale task delete <id>...`: delete one or more tasks, each reported. */
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { CliError, ExitCode, QuietExit, UsageError } from "../../errors.ts";
import { deleteTask } from "../../api/tasks.ts";

/** Flags of `task delete`. */
export interface DeleteFlags {
  yes?: boolean;
}

/** Runs `task delete`. */
export default async function remove(
  this: Context,
  flags: DeleteFlags,
  ...ids: string[]
): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  const what = ids.length === 1 ? `task ${ids[0]}` : `${ids.length} tasks`;
  if (!flags.yes) {
    if (!this.deps.io.stdin.isTerminal) {
      throw new UsageError(
        `Refusing to delete ${what} without --yes when stdin is not a terminal`,
        {
          hints: [`Run: torale task delete ${ids.join(" ")} --yes`],
        },
      );
    }
    if (!await this.deps.prompt.confirm(`Delete ${what}? This cannot be undone.`)) {
      session.info("Deletion cancelled.");
      return;
    }
  }
  const outcomes: { id: string; task_id?: string; deleted: boolean; error?: string }[] = [];
  for (const id of ids) {
    try {
      const fullId = await deleteTask(client, id);
      outcomes.push({ id, task_id: fullId, deleted: true });
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      outcomes.push({ id, deleted: false, error: error.message });
    }
  }
  await session.output(outcomes, (outcomes) => {
    for (const outcome of outcomes) {
      if (outcome.deleted) {
        session.print(`${session.colors.ok} Deleted task ${outcome.task_id}`);
      } else {
        session.problem(`${outcome.id}: ${outcome.error}`);
      }
    }
  });
  const failed = outcomes.filter((o) => !o.deleted).length;
  if (failed > 0) {
    session.info(`${failed} of ${outcomes.length} deletions failed`);
    throw new QuietExit(ExitCode.failure);
  }
}
