/** `torale task execute <id>`: start a run now, optionally waiting for its result. */
import { checkApplied } from "../../api/echo.ts";
import { refuseOnCurrent } from "../../api/generation.ts";
import { executeTask, getTask, listRuns, resolveTaskId } from "../../api/tasks.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { CliError, NetworkError } from "../../errors.ts";
import { printExecution } from "./render.ts";

/** Flags of `task execute`. */
export interface ExecuteFlags {
  wait?: boolean;
  suppressNotifications?: boolean;
}

const FINISHED = new Set(["success", "failed", "cancelled"]);
const POLL_MS = 500;
const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

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
  const taskId = await resolveTaskId(client, id);
  const started = await executeTask(client, taskId, {
    suppressNotifications: flags.suppressNotifications,
  });
  checkApplied("run", { task_id: taskId }, { ...started });
  if (!flags.wait) {
    await session.output(started, (started) => {
      session.print(`${session.colors.ok} Task execution initiated`);
      session.print(`Execution ID: ${started.id ?? "-"}`);
      session.print(`Status: ${started.status ?? "-"}`);
      session.info(`Check status with: torale task logs ${taskId}`);
    });
    return;
  }

  const { deps } = this;
  const stderr = deps.io.stderr;
  const spin = stderr.isTerminal;
  const limitMs = session.settings.timeout.value * 1000;
  const begin = deps.clock.now();
  let frame = 0;
  let execution = started;
  // The server never runs a manual execution of a task that is not active: say so once.
  const task = await getTask(client, taskId);
  if (task.state !== "active") {
    session.warn(`The task is ${task.state}: the server does not run it until it is resumed`);
  }
  const timedOut = () =>
    new NetworkError(
      `Timed out after ${session.settings.timeout.value} s waiting for execution ${started.id}; it is still ${execution.status}`,
      {
        hints: [
          `It keeps running on the server. Check later with: torale task logs ${taskId}`,
          "Wait longer with --timeout <seconds>.",
        ],
      },
    );
  // Each poll gets only the time left: --timeout bounds the whole wait, requests included.
  const bounded = client.withDeadline(begin + limitMs);
  try {
    while (!FINISHED.has(execution.status)) {
      const left = limitMs - (deps.clock.now() - begin);
      if (left <= 0) throw timedOut();
      if (spin) {
        stderr.write(
          `\r${SPINNER[frame++ % SPINNER.length]} Waiting for the run (${execution.status})…`,
        );
      }
      // Never sleep past the deadline: --timeout 5 gives up at 5 s, not 5.5 s.
      await deps.clock.sleep(Math.min(POLL_MS, left));
      let runs;
      try {
        runs = await listRuns(bounded, taskId, { limit: 20 });
      } catch (error) {
        if (error instanceof NetworkError && deps.clock.now() - begin >= limitMs) throw timedOut();
        throw error;
      }
      execution = runs.find((run) => run.id === started.id) ?? execution;
    }
  } finally {
    if (spin) stderr.write("\r\x1b[2K");
  }
  await session.output(execution, (execution) => printExecution(session, execution));
  if (execution.status === "failed") {
    throw new CliError(`Execution ${execution.id} failed`, {
      hints: execution.error_message ? [execution.error_message] : [],
    });
  }
}
