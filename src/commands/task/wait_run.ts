/**
 * Waiting for one run to finish: polls its task's runs until the run is done,
 * within --timeout (each poll gets only the time left), with a spinner on a
 * terminal, and Ctrl-C ending the wait cleanly (exit 130, spinner erased).
 */
import type { ApiClient } from "../../api/client.ts";
import { listRuns } from "../../api/tasks.ts";
import type { TaskExecution } from "../../api/types.ts";
import { InterruptedError, NetworkError } from "../../errors.ts";
import type { Session } from "../../kit/session.ts";
import { startSpinner } from "../../kit/spinner.ts";

const FINISHED = new Set(["success", "failed", "cancelled"]);
const POLL_MS = 500;

/** Polls until `started` (a run of `taskId`) finishes; returns the finished run. */
export async function waitForRun(
  session: Session,
  client: ApiClient,
  taskId: string,
  started: TaskExecution,
): Promise<TaskExecution> {
  const { clock, io } = session.deps;
  const seconds = session.settings.timeout.value;
  const begin = clock.now();
  const deadline = begin + seconds * 1000;
  // Each poll gets only the time left: --timeout bounds the whole wait, requests included.
  const bounded = client.withDeadline(deadline);
  let execution = started;
  const timedOut = () =>
    new NetworkError(
      `Timed out after ${seconds} s waiting for execution ${started.id}; it is still ${execution.status}`,
      {
        hints: [
          `It keeps running on the server. Check later with: torale task logs ${taskId}`,
          "Wait longer with --timeout <seconds>.",
        ],
      },
    );
  let stopWaiting = () => {};
  const interrupted = new Promise<never>((_, reject) => {
    stopWaiting = session.deps.onInterrupt(() => reject(new InterruptedError()));
  });
  interrupted.catch(() => {}); // Handled by whichever race is pending; never left unhandled.
  const spinner = startSpinner(io.stderr, `Waiting for the run (${execution.status})…`);
  try {
    while (!FINISHED.has(execution.status)) {
      const left = deadline - clock.now();
      if (left <= 0) throw timedOut();
      // Never sleep past the deadline: --timeout 5 gives up at 5 s, not 5.5 s.
      await Promise.race([clock.sleep(Math.min(POLL_MS, left)), interrupted]);
      let runs: TaskExecution[];
      try {
        runs = await Promise.race([listRuns(bounded, taskId, { limit: 20 }), interrupted]);
      } catch (error) {
        if (error instanceof NetworkError && clock.now() >= deadline) throw timedOut();
        throw error;
      }
      execution = runs.find((run) => run.id === started.id) ?? execution;
      spinner.update(`Waiting for the run (${execution.status})…`);
    }
    return execution;
  } finally {
    spinner.stop();
    stopWaiting();
  }
}
