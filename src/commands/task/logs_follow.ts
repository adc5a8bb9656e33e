/**
 * `task logs --follow`: the runs so far oldest first, then each run as it finishes, until
 * Ctrl-C (exit 130). With --json (or --jq, --yaml) one object per run: JSON Lines.
 */
import type { ApiClient } from "../../api/client.ts";
import { listRuns } from "../../api/tasks.ts";
import type { TaskExecution, TaskId } from "../../api/types.ts";
import type { Session } from "../../kit/session.ts";
import { type LogsFlags, selectRuns } from "./logs.ts";
import {
  Backoff,
  DEFAULT_INTERVAL_MS,
  MAX_INTERVAL_MS,
  pollUntil,
  RUNS_PER_CHECK,
} from "./poll.ts";
import { printExecution } from "./render.ts";
import { FINISHED } from "./wait_run.ts";

/** What `task logs` found before following. */
export interface FollowStart {
  taskId: TaskId;
  flags: LogsFlags;
  /** Every run fetched, newest first. */
  runs: TaskExecution[];
  /** The runs selected by the flags and --limit, newest first. */
  shown: TaskExecution[];
}

/** Prints `start.shown`, then every run that finishes, until interrupted. */
export async function follow(
  session: Session,
  client: ApiClient,
  start: FollowStart,
): Promise<never> {
  let printed = 0;
  const print = async (run: TaskExecution) => {
    if (session.format === "table") {
      if (printed > 0) session.print();
      await session.output(run, (shown) => printExecution(session, shown));
    } else if (session.settings.jq === undefined && session.format === "json") {
      session.print(JSON.stringify(run));
    } else {
      if (session.format === "yaml") session.print("---");
      await session.data(run);
    }
    printed++;
  };
  // Oldest first, so that what follows reads on in time order, as `tail -f` does.
  for (const run of start.shown.toReversed()) await print(run);
  // A run counts as printed once it is printed finished; one shown in progress prints again.
  const seen = new Map(start.runs.map((run) => [run.id, run.status]));
  const { flags, taskId } = start;
  if (printed === 0 && session.format === "table") {
    session.info(flags.notificationsOnly ? "No notifications yet." : "No executions yet.");
  }
  const waiting = "Following the task's runs (Ctrl-C to stop)";
  return await pollUntil<never>(session, client, {
    backoff: new Backoff(DEFAULT_INTERVAL_MS, MAX_INTERVAL_MS),
    progress: waiting,
    check: async (bounded) => {
      const runs = await listRuns(bounded, taskId, {
        limit: RUNS_PER_CHECK,
        notificationsOnly: flags.notificationsOnly,
      });
      const news = runs.some((run) => seen.get(run.id) !== run.status);
      const finished = runs.filter((run) => {
        const before = seen.get(run.id);
        seen.set(run.id, run.status);
        return FINISHED.has(run.status) && !(before !== undefined && FINISHED.has(before));
      });
      for (const run of selectRuns(finished, flags).toReversed()) await print(run);
      return { progress: waiting, news };
    },
  });
}
