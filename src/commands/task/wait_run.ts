/**
 * Waiting for one run to finish (`task execute --wait`): checks its task's runs twice a
 * second until the run is done, within --timeout, through the task tree's polling loop.
 */
import type { ApiClient } from "../../api/client.ts";
import { listRuns } from "../../api/tasks.ts";
import type { TaskExecution } from "../../api/types.ts";
import { NetworkError } from "../../errors.ts";
import type { Session } from "../../kit/session.ts";
import { Backoff, pollUntil } from "./poll.ts";

/** The statuses a run ends in, in either generation (`retrying` is still in progress). */
export const FINISHED: ReadonlySet<string> = new Set(["success", "failed", "cancelled"]);
const POLL_MS = 500;

/** Polls until `started` (a run of `taskId`) finishes; returns the finished run. */
export async function waitForRun(
  session: Session,
  client: ApiClient,
  taskId: string,
  started: TaskExecution,
): Promise<TaskExecution> {
  if (FINISHED.has(started.status)) return started;
  const seconds = session.settings.timeout.value;
  let execution = started;
  const text = () => `Waiting for the run (${execution.status})…`;
  return await pollUntil<TaskExecution>(session, client, {
    deadline: session.deps.clock.now() + seconds * 1000,
    backoff: new Backoff(POLL_MS),
    progress: text(),
    check: async (bounded) => {
      const runs = await listRuns(bounded, taskId, { limit: 20 });
      execution = runs.find((run) => run.id === started.id) ?? execution;
      return FINISHED.has(execution.status) ? { done: execution } : { progress: text() };
    },
    timedOut: () =>
      new NetworkError(
        `Timed out after ${seconds} s waiting for execution ${started.id}; it is still ${execution.status}`,
        {
          hints: [
            `It keeps running on the server. Check later with: torale task logs ${taskId}`,
            "Wait longer with --timeout <seconds>.",
          ],
        },
      ),
  });
}
