/** `torale task execute <id>`: start a run now, optionally waiting for its result. */
import { checkApplied } from "../../api/echo.ts";
import { refuseOnCurrent } from "../../api/generation.ts";
import { executeTask, getTask, resolveTask } from "../../api/tasks.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { CliError } from "../../errors.ts";
import { clean } from "../../output/sanitize.ts";
import { StartedRuns } from "../../config/started_runs.ts";
import { printExecution } from "./render.ts";
import { waitForRun } from "./wait_run.ts";

/** Flags of `task execute`. */
export interface ExecuteFlags {
  wait?: boolean;
  suppressNotifications?: boolean;
}

/** Runs `task execute`. */
export default async function execute(
  this: Context,
  flags: ExecuteFlags,
  id: string,
): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  if (flags.suppressNotifications) {
    const url = session.settings.apiUrl.value;
    refuseOnCurrent(await session.generation(), "--suppress-notifications", url);
  }
  const { id: taskId, tasks } = await resolveTask(client, id);
  const started = await executeTask(client, taskId, {
    suppressNotifications: flags.suppressNotifications,
  });
  checkApplied("run", { task_id: taskId }, { ...started });
  if (!flags.wait) {
    // For `task wait --until run`, which would otherwise miss this run if it ends first.
    if (typeof started.id === "string") {
      await new StartedRuns(session.store.dir).record(taskId, started.id, session.deps.clock.now());
    }
    await session.output(started, (started) => {
      session.print(`${session.colors.ok} Task execution initiated`);
      session.print(`Execution ID: ${started.id ?? "-"}`);
      session.print(`Status: ${started.status ?? "-"}`);
      session.info(
        typeof started.id === "string"
          ? `Wait for it with: torale task wait ${taskId} --run ${started.id}`
          : `Check status with: torale task logs ${taskId}`,
      );
    });
    return;
  }

  // The classic API never runs a manual execution of a task that is not active (the current one
  // runs it in any state): waiting would only wait out --timeout.
  const task = tasks?.find((task) => task.id === taskId) ?? await getTask(client, taskId);
  if (task.state !== "active" && await session.generation() === "classic") {
    await session.output(started, (started) => printExecution(session, started));
    throw new CliError(
      `The task is ${
        clean(task.state)
      }: the classic API does not run it until it is resumed; not waiting`,
      {
        hints: [
          `Resume it with \`torale task resume ${taskId}\`, then run it again.`,
          `The run stays ${started.status} until then: torale task logs ${taskId}`,
        ],
      },
    );
  }
  const execution = await waitForRun(session, client, taskId, started);
  await session.output(execution, (execution) => printExecution(session, execution));
  if (execution.status === "failed") {
    throw new CliError(`Execution ${execution.id} failed`, {
      hints: execution.error_message ? [execution.error_message] : [],
    });
  }
}
