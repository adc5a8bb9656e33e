/** Driving a task's runs from a test, as the service's scheduler would, for waits and follows. */
import type { TaskExecution } from "../../src/api/types.ts";
import type { TestApi } from "./api.ts";

const FINISHED = ["success", "failed", "cancelled"];

/** The URL a fetch was called with. */
export function urlOf(input: RequestInfo | URL): URL {
  return new URL(input instanceof Request ? input.url : String(input));
}

/** The task's runs as the API lists them. */
export async function apiRuns(t: TestApi, id: string): Promise<TaskExecution[]> {
  const response = await fetch(`${t.url}/api/v1/tasks/${id}/executions`, {
    headers: { Authorization: `Bearer ${t.key}` },
  });
  return await response.json();
}

/**
 * A fetch for the CLI that plays the service's scheduler: at each check of the task's runs,
 * it starts the next of `runs` runs when none is in progress (and lets a retrying run go
 * on). `onCheck` sees each check's runs, numbered from 1.
 */
export function scheduler(
  t: TestApi,
  id: string,
  options: {
    runs: number;
    /** Checks that start nothing, at first (a listing before following). */
    idle?: number;
    onCheck?: (check: number, runs: TaskExecution[]) => void;
  },
) {
  let started = 0;
  let checks = 0;
  let last: TaskExecution[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    if (!urlOf(input).pathname.endsWith("/executions")) return await fetch(input, init);
    // Decided on what the CLI saw last, before this check: the check that shows a run
    // finish never also shows a run started after it.
    if (last.some((run) => run.status === "retrying")) {
      t.api.runDueTasks(new Date(Date.now() + 24 * 3600_000));
    } else if (
      checks >= (options.idle ?? 0) && started < options.runs &&
      last.every((run) => FINISHED.includes(run.status))
    ) {
      started++;
      const response = await fetch(`${t.url}/api/v1/tasks/${id}/execute`, {
        method: "POST",
        headers: { Authorization: `Bearer ${t.key}` },
      });
      await response.body?.cancel();
    }
    const response = await fetch(input, init);
    last = await response.clone().json();
    // Counted apart from the call: `?.(++checks)` skips the increment when there is no onCheck.
    checks++;
    options.onCheck?.(checks, last);
    return response;
  };
  return { fetch: fetchFn, started: () => started, checks: () => checks };
}
