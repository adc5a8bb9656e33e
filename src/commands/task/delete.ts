/** `torale task delete <id>...`: delete one or more tasks, each reported. */
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { CliError, ExitCode, QuietExit, UsageError } from "../../errors.ts";
import type { Task } from "../../api/types.ts";
import { deleteTask, listedOnce, resolveTask } from "../../api/tasks.ts";
import { clean } from "../../output/sanitize.ts";

/** Flags of `task delete`. */
export interface DeleteFlags {
  yes?: boolean;
}

/**
 * What is about to be deleted, by name: `task "Rust 2.0" (abcd1234)` or
 * `2 tasks: "A", "B"`, so the question is about tasks, not prefixes.
 */
async function describe(list: () => Promise<Task[]>, ids: string[]): Promise<string> {
  const tasks = await list();
  const named = ids.map((id) => {
    const typed = id.trim().toLowerCase();
    const matches = tasks.filter((task) => String(task.id).toLowerCase().startsWith(typed));
    return matches.length === 1
      ? `"${clean(String(matches[0].name))}" (${String(matches[0].id).slice(0, 8)})`
      : id;
  });
  return ids.length === 1 ? `task ${named[0]}` : `${ids.length} tasks: ${named.join(", ")}`;
}

/** Runs `task delete`. */
export default async function remove(
  this: Context,
  flags: DeleteFlags,
  ...ids: string[]
): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  // One list serves the question and every prefix.
  const list = listedOnce(client);
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
    const question = `Delete ${await describe(list, ids)}? This cannot be undone.`;
    if (!await this.deps.prompt.confirm(question)) {
      session.info("Deletion cancelled.");
      return;
    }
  }
  const outcomes: { id: string; task_id?: string; deleted: boolean; error?: string }[] = [];
  for (const id of ids) {
    try {
      const fullId = (await resolveTask(client, id, list)).id;
      await deleteTask(client, fullId);
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
