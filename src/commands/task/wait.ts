/**
 * `torale task wait <id> [--until met|run] [--run R] [--interval D]` (and the global
 * `--timeout D`): blocks across a task's runs until one meets its condition, until the next
 * run finishes, or until run R finishes, and prints that run. Exit 0 met / finished well,
 * 1 the run failed (or was cancelled), 124 the timeout passed first, 130 Ctrl-C.
 *
 * `--until run` also ends at the run `task execute` last started for the task (recorded in
 * ~/.torale/runs.json) when that run finished before the wait's first look, is still the
 * task's newest run, no wait has reported it yet, and it was started at most
 * {@link RECORD_FRESH_MS} ago: `execute` then `wait --until run` cannot miss a run that ends in
 * a few hundred milliseconds, and a run left unwaited for days is not taken for the next one.
 */
import { formatTime } from "../../output/time.ts";
import { findRun, getTask, listRuns, resolveTaskId } from "../../api/tasks.ts";
import type { Task, TaskExecution } from "../../api/types.ts";
import { durationText, parseDuration } from "../../config/duration.ts";
import { StartedRuns } from "../../config/started_runs.ts";
import { CliError, NetworkError, TimedOutError, UsageError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { clean } from "../../output/sanitize.ts";
import {
  Backoff,
  DEFAULT_INTERVAL_MS,
  interruptible,
  MAX_INTERVAL_MS,
  pollUntil,
  RUNS_PER_CHECK,
} from "./poll.ts";
import { isMet, printExecution } from "./render.ts";
import { FINISHED, pollRun } from "./wait_run.ts";

/** How recent a run `task execute` recorded must be to end `--until run` at once. */
export const RECORD_FRESH_MS = 15 * 60_000;

/** Flags of `task wait`. */
export interface WaitFlags {
  until: "met" | "run";
  interval?: string;
  run?: string;
}

/** The longest --interval: a day between checks; longer is no wait anyone means. */
export const MAX_INTERVAL_FLAG_MS = 86_400_000;

/** The shortest --interval: a wait is one caller among the user's others. */
export const MIN_INTERVAL_MS = 2_000;

/** Runs `task wait`. */
export default async function wait(this: Context, flags: WaitFlags, id: string): Promise<void> {
  // --timeout is the wait's bound here, not the request timeout: requests keep the configured
  // one (or 30 s), each cut to the time left.
  const { timeout, timeoutText: _, ...globals } = this.globals;
  const interval = flags.interval === undefined
    ? DEFAULT_INTERVAL_MS
    : parseDuration(flags.interval, "--interval");
  if (interval < MIN_INTERVAL_MS || interval > MAX_INTERVAL_FLAG_MS) {
    throw new UsageError(
      `--interval must be between ${durationText(MIN_INTERVAL_MS)} and ${
        durationText(MAX_INTERVAL_FLAG_MS)
      }`,
      {
        hints: [
          "For example --interval 10s; the pause doubles while nothing changes, up to 1 min.",
        ],
      },
    );
  }
  const session = await Session.open(this.deps, globals);
  const { clock } = session.deps;
  const deadline = timeout === undefined ? undefined : clock.now() + timeout * 1000;
  const limit = timeout === undefined ? "" : ` after ${durationText(timeout * 1000)}`;
  const client = deadline === undefined ? session.api() : session.api().withDeadline(deadline);
  const timedOut = (what: string, hints: string[] = []) =>
    new TimedOutError(`Timed out${limit} waiting for ${what}`, {
      hints: [...hints, "Wait longer with --timeout, e.g. --timeout 2h."],
    });

  let task: Task;
  let runs: TaskExecution[];
  try {
    task = await interruptible(session, getTask(client, await resolveTaskId(client, id)));
    runs = flags.run === undefined
      ? await interruptible(session, listRuns(client, task.id, { limit: RUNS_PER_CHECK }))
      : [await interruptible(session, findRun(client, task.id, flags.run))];
  } catch (error) {
    if (error instanceof NetworkError && deadline !== undefined && clock.now() >= deadline) {
      throw timedOut(`task "${clean(id)}"`);
    }
    throw error;
  }
  const name = clean(task.name);
  const records = new StartedRuns(session.store.dir);
  const done = async (run: TaskExecution, until: "met" | "run") => {
    await records.reported(task.id, String(run.id));
    await finish(session, run, until);
  };
  const backoff = new Backoff(interval, Math.max(interval, MAX_INTERVAL_MS));

  if (flags.run !== undefined) {
    const [target] = runs;
    const that = `run ${clean(String(target.id))} of "${name}" to finish`;
    if (!FINISHED.has(target.status)) {
      await checkWillRun(session, { task, runs, timeout: timeout !== undefined });
    }
    const run = await pollRun(session, client, { taskId: task.id, started: target }, {
      deadline,
      backoff,
      lines: true,
      progress: (run) => `Waiting for ${that} (it is ${clean(run.status)})`,
      timedOut: (run) =>
        timedOut(that, [
          `It is still ${
            clean(run.status)
          } and keeps going on the server: torale task logs ${task.id}`,
        ]),
    });
    return await done(run, "run");
  }

  const latest = runs.find((run) => FINISHED.has(run.status));
  if (flags.until === "met" && latest?.status === "success" && isMet(latest)) {
    session.info(
      `The condition was already met by the latest run (${formatTime(latest.started_at)}).`,
    );
    return await done(latest, "met");
  }
  const recorded = flags.until === "run" ? await records.recorded(task.id) : undefined;
  // Only a run started moments ago is "the run you started": one left unwaited for days is not.
  const fresh = recorded !== undefined && Math.abs(clock.now() - recorded.at) <= RECORD_FRESH_MS;
  if (fresh && runs[0]?.id === recorded.run && FINISHED.has(runs[0].status)) {
    session.info(
      `The run \`torale task execute\` started (${formatTime(runs[0].started_at)}) has finished.`,
    );
    return await done(runs[0], "run");
  }
  await checkWillRun(session, { task, runs, timeout: timeout !== undefined });

  // A run ends the wait once it finishes after the wait began: new, or seen unfinished before.
  const seen = new Map(runs.map((run) => [run.id, run.status]));
  let finished = 0;
  const what = flags.until === "met"
    ? `a run of "${name}" to meet its condition`
    : `the next run of "${name}" to finish`;
  const progress = (inFlight?: TaskExecution) => {
    const now = inFlight ? `a run is ${inFlight.status}` : "no run in progress";
    const count = flags.until === "met" && finished > 0
      ? `, ${finished} finished without meeting it`
      : "";
    return `Waiting for ${what} (${now}${count})`;
  };
  const run = await pollUntil<TaskExecution>(session, client, {
    deadline,
    backoff,
    lines: true,
    progress: progress(runs.find((run) => !FINISHED.has(run.status))),
    check: async (bounded) => {
      const now = await listRuns(bounded, task.id, { limit: RUNS_PER_CHECK });
      const news = now.some((run) => seen.get(run.id) !== run.status);
      // Oldest first: when several finished since the last check, the first decisive one wins.
      for (const run of now.toReversed()) {
        const before = seen.get(run.id);
        seen.set(run.id, run.status);
        if (!FINISHED.has(run.status) || (before !== undefined && FINISHED.has(before))) continue;
        if (flags.until === "run" || run.status === "failed") return { done: run };
        if (run.status === "success" && isMet(run)) return { done: run };
        finished++;
      }
      return { progress: progress(now.find((run) => !FINISHED.has(run.status))), news };
    },
    timedOut: () =>
      timedOut(what, [
        ...(flags.until === "met" && finished > 0
          ? [`${finished} run${finished === 1 ? "" : "s"} finished meanwhile without meeting it.`]
          : []),
        `The task keeps running on the server: torale task logs ${task.id}`,
      ]),
  });
  await done(run, flags.until);
}

/** Prints the run that ended the wait; a failed or cancelled run ends with exit 1. */
async function finish(session: Session, run: TaskExecution, until: "met" | "run") {
  await session.output(run, (shown) => printExecution(session, shown));
  if (run.status === "success") return;
  throw new CliError(`Execution ${run.id} ${clean(run.status)}`, {
    hints: [
      ...(run.error_message ? [clean(run.error_message)] : []),
      ...(until === "met"
        ? ["A failed run ends the wait: its condition could not be checked."]
        : []),
    ],
  });
}

/**
 * A task that is not active runs only when executed (current API), or not at all until
 * resumed (classic API). Without --timeout that would be a wait without end: refused, exit 1.
 * With --timeout it is a warning, since a run may be started elsewhere.
 */
async function checkWillRun(
  session: Session,
  { task, runs, timeout }: { task: Task; runs: TaskExecution[]; timeout: boolean },
): Promise<void> {
  if (task.state === "active") return;
  const classic = await session.generation() === "classic";
  const inFlight = runs.some((run) => !FINISHED.has(run.status));
  if (!classic && inFlight) return;
  const state = clean(task.state);
  const why = classic
    ? `the classic API does not run it, even when executed, until it is resumed`
    : `it runs only when executed`;
  if (timeout) {
    session.warn(`The task is ${state}: ${why}; waiting until --timeout anyway`);
    return;
  }
  throw new CliError(`The task is ${state}: ${why}; not waiting without --timeout`, {
    hints: [
      classic
        ? `Resume it first: torale task resume ${task.id}`
        : `Run it now and wait for that run: torale task execute ${task.id} --wait`,
      "Or wait for a run started elsewhere, bounded: add --timeout, e.g. --timeout 30m.",
    ],
  });
}
