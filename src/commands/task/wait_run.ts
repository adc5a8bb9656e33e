/**
 * Waiting for one run to finish: `task execute --wait` (twice a second, within --timeout
 * seconds) and `task wait --run` (backing off, within --timeout if given), both through the
 * task tree's polling loop.
 */
import type { ApiClient } from "../../api/client.ts";
import { listRuns, RUNS_LOOKED_UP, type TaskId } from "../../api/tasks.ts";
import type { TaskExecution } from "../../api/types.ts";
import { type CliError, TimedOutError } from "../../errors.ts";
import type { Session } from "../../kit/session.ts";
import { clean } from "../../output/sanitize.ts";
import { Backoff, pollUntil, RUNS_PER_CHECK } from "./poll.ts";

/** The statuses a run ends in, in either generation (`retrying` is still in progress). */
export const FINISHED: ReadonlySet<string> = new Set(["success", "failed", "cancelled"]);
const POLL_MS = 500;

/** How to wait for one run. */
export interface RunWait {
  /** Clock time (ms) to give up at; none when undefined. */
  deadline?: number;
  backoff: Backoff;
  /** The progress text for the run in its current state. */
  progress(run: TaskExecution): string;
  /** Progress lines off a terminal too. */
  lines?: boolean;
  /** The error once the deadline has passed, with the run as last seen. */
  timedOut(run: TaskExecution): CliError;
}

/** Polls until `started` (a run of `taskId`) finishes; returns the finished run. */
export async function pollRun(
  session: Session,
  client: ApiClient,
  { taskId, started }: { taskId: TaskId; started: TaskExecution },
  options: RunWait,
): Promise<TaskExecution> {
  if (FINISHED.has(started.status)) return started;
  let execution = started;
  return await pollUntil<TaskExecution>(session, client, {
    deadline: options.deadline,
    backoff: options.backoff,
    lines: options.lines,
    progress: options.progress(execution),
    check: async (bounded) => {
      const find = async (limit: number) =>
        (await listRuns(bounded, taskId, { limit })).find((run) => run.id === started.id);
      // Pushed out of the newest runs by many newer ones: looked for further back.
      const seen = await find(RUNS_PER_CHECK) ?? await find(RUNS_LOOKED_UP) ?? execution;
      const news = seen.status !== execution.status;
      execution = seen;
      if (FINISHED.has(execution.status)) return { done: execution };
      return { progress: options.progress(execution), news };
    },
    timedOut: () => options.timedOut(execution),
  });
}

/** `task execute --wait`: polls twice a second until the run ends, within --timeout seconds. */
export async function waitForRun(
  session: Session,
  client: ApiClient,
  taskId: TaskId,
  started: TaskExecution,
): Promise<TaskExecution> {
  const seconds = session.settings.timeout.value;
  return await pollRun(session, client, { taskId, started }, {
    deadline: session.deps.clock.now() + seconds * 1000,
    backoff: new Backoff(POLL_MS),
    progress: (run) => `Waiting for the run (${clean(run.status)})…`,
    timedOut: (run) =>
      new TimedOutError(
        `Timed out after ${seconds} s waiting for execution ${started.id}; it is still ${
          clean(run.status)
        }`,
        {
          hints: [
            `It keeps running on the server. Check later with: torale task logs ${taskId}`,
            "Wait longer with --timeout <seconds>.",
          ],
        },
      ),
  });
}
