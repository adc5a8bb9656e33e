/**
 * Waiting inside a tool call: bounded by the call's own timeout (each request given only the
 * time left), a progress notification after each check when the client asked for them (its
 * progressToken), and the client's cancellation ending the wait at once: no request after it.
 */
import type { ApiClient } from "../api/client.ts";
import { listRuns, RUNS_LOOKED_UP, type TaskId } from "../api/tasks.ts";
import type { TaskExecution } from "../api/types.ts";
import { InterruptedError } from "../errors.ts";
import type { McpContext } from "./context.ts";
import type { ToolExtra } from "./sdk.ts";
import { isMet } from "./tool.ts";

/** The statuses a run ends in, in either generation (`retrying` is still in progress). */
export const FINISHED: ReadonlySet<string> = new Set(["success", "failed", "cancelled"]);

/** The default bound of a wait: under the 60 s many clients give a request. */
export const DEFAULT_WAIT_S = 50;
/** The longest bound a call may ask for. */
export const MAX_WAIT_S = 600;

const FIRST_PAUSE_MS = 1_000;
const LONGEST_PAUSE_MS = 5_000;
const RUNS_PER_CHECK = 20;

/** What ended a wait. */
export type Outcome = "met" | "finished" | "failed" | "timed_out";

/** A wait's end: how, and the run that ended it (the last seen one on a timeout). */
export interface WaitEnd {
  outcome: Outcome;
  run: TaskExecution | null;
}

/** What to wait for: one run to finish, the next run to finish, or a run that meets. */
export type Target = { run: TaskExecution } | { until: "met" | "run"; runs: TaskExecution[] };

/** `promise`, or InterruptedError as soon as `signal` aborts. */
function unlessCancelled<T>(signal: AbortSignal, promise: Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(new InterruptedError());
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new InterruptedError());
    signal.addEventListener("abort", stop, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}

/** Checks a target against the runs seen now; the end, or undefined to keep waiting. */
function judge(target: Target, now: TaskExecution[], seen: Map<string, string>) {
  if ("run" in target) {
    const run = now.find((item) => item.id === target.run.id);
    return run && FINISHED.has(run.status)
      ? { outcome: run.status === "success" ? "finished" : "failed", run } as WaitEnd
      : undefined;
  }
  // Oldest first: when several finished since the last check, the first decisive one wins.
  for (const run of now.toReversed()) {
    const before = seen.get(run.id);
    seen.set(run.id, run.status);
    if (!FINISHED.has(run.status) || (before !== undefined && FINISHED.has(before))) continue;
    if (run.status !== "success") return { outcome: "failed", run } as WaitEnd;
    if (target.until === "run") return { outcome: "finished", run } as WaitEnd;
    if (isMet(run)) return { outcome: "met", run } as WaitEnd;
  }
  return undefined;
}

/** Waits for `target` among task `taskId`'s runs for at most `seconds`. */
export async function waitForRuns(
  context: McpContext,
  client: ApiClient,
  request: { taskId: TaskId; target: Target; seconds: number; extra: ToolExtra },
): Promise<WaitEnd> {
  const { clock } = context;
  const { target, extra } = request;
  const started = clock.now();
  const deadline = started + request.seconds * 1000;
  const bounded = client.withDeadline(deadline);
  const seen = new Map("runs" in target ? target.runs.map((run) => [run.id, run.status]) : []);
  let last: TaskExecution | null = "run" in target ? target.run : null;
  let pause = FIRST_PAUSE_MS;
  const token = extra._meta?.progressToken;
  const progress = async (message: string) => {
    if (token === undefined) return;
    await extra.sendNotification({
      method: "notifications/progress",
      params: {
        progressToken: token,
        progress: Math.round((clock.now() - started) / 100) / 10,
        total: request.seconds,
        message,
      },
    });
  };
  while (true) {
    const left = deadline - clock.now();
    if (left <= 0) return { outcome: "timed_out", run: last };
    await unlessCancelled(extra.signal, clock.sleep(Math.min(pause, left)));
    if (clock.now() >= deadline) return { outcome: "timed_out", run: last };
    let now: TaskExecution[];
    try {
      const limit = "run" in target ? RUNS_LOOKED_UP : RUNS_PER_CHECK;
      now = await unlessCancelled(extra.signal, listRuns(bounded, request.taskId, { limit }));
    } catch (error) {
      if (error instanceof InterruptedError || clock.now() < deadline) throw error;
      return { outcome: "timed_out", run: last };
    }
    const ended = judge(target, now, seen);
    if (ended) return ended;
    last = ("run" in target ? now.find((run) => run.id === target.run.id) : now[0]) ?? last;
    pause = Math.min(LONGEST_PAUSE_MS, pause * 1.5);
    const doing = last ? `run ${last.id} is ${last.status}` : "no run yet";
    await progress(`Waiting (${doing})`);
  }
}
