/**
 * A run of the current generation (torale-api-current.md §5): pending → running → success,
 * retrying or failed, or cancelled by a forced manual run. A success writes the agent's
 * notification and moves the task's job to the agent's next_run, or completes the task.
 */
import type { AgentAnswer, Executor } from "../executor.ts";
import { type ExecutionRow, isoZ, type Storage } from "../storage/mod.ts";
import type { RunSteps, Worker } from "../worker.ts";
import { failurePlan } from "./retries.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The error_message of a run cancelled by a forced manual run. */
export const CANCELLED = "Execution cancelled by manual force run";

/**
 * The agent's next_run as Python's `fromisoformat` reads it: null when missing or not a
 * time; a time without a zone is UTC.
 */
export function parseAgentTime(value: string | null): Date | null {
  const text = value?.trim();
  if (!text) return null;
  const zoned = /(z|[+-]\d{2}:?\d{2})$/i.test(text) || !/[T ]\d/.test(text) ? text : `${text}Z`;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Python's `isoformat()` of a UTC time: `+00:00`, microseconds only when non-zero. */
export function pythonIso(date: Date): string {
  return isoZ(date).replace(/Z$/, "+00:00");
}

/** A source as the real service records it: the URL's host is its title. */
function groundingSource(url: string): { url: string; title: string } {
  try {
    return { url, title: new URL(url).host || url };
  } catch {
    return { url, title: url };
  }
}

/**
 * A manual run (execute, or create's run_immediately): cancels one pending or running run of
 * the task, removes the task's job (a retry or the next regular run), then starts the run.
 * Undefined when the task is gone.
 */
export function startManualRun(
  storage: Storage,
  worker: Worker,
  taskId: string,
): ExecutionRow | undefined {
  return storage.transaction(() => {
    storage.executions.cancelActiveOf(taskId, CANCELLED, isoZ());
    storage.current.removeJob(taskId);
    return worker.start(taskId);
  });
}

/** The steps of a current run; the executor plays the agent. */
export function currentSteps(storage: Storage, executor: Executor): RunSteps {
  const { executions, current } = storage;

  /** A failed attempt: retrying with a job that resumes this row, or failed for good. */
  function failed(run: ExecutionRow, error: string, now: Date) {
    const plan = failurePlan(error, run.retry_count);
    const retrying = plan.retryInSeconds !== undefined;
    storage.transaction(() => {
      executions.failAttempt(run.id, {
        status: retrying ? "retrying" : "failed",
        message: plan.message,
        retryCount: retrying ? run.retry_count + 1 : run.retry_count,
      }, isoZ(now));
      if (retrying) {
        const at = new Date(now.getTime() + plan.retryInSeconds! * 1000);
        current.scheduleJob(run.task_id, isoZ(at), { executionId: run.id, now: isoZ(now) });
      }
    });
  }

  /** A successful attempt: the row, the task, then the task's next job or its completion. */
  function succeeded(run: ExecutionRow, answer: AgentAnswer, now: Date) {
    const at = isoZ(now);
    const wanted = parseAgentTime(answer.next_run);
    const sources = answer.sources.map(groundingSource);
    const result = {
      evidence: answer.evidence,
      notification: answer.notification,
      confidence: answer.confidence,
      next_run: wanted ? pythonIso(wanted) : null,
      grounding_sources: sources,
      activity: null,
    };
    storage.transaction(() => {
      executions.succeedNotified(run.id, {
        result: JSON.stringify(result),
        notification: answer.notification,
        grounding_sources: JSON.stringify(sources),
      }, at);
      current.recordRun(run.task_id, {
        lastKnownState: answer.evidence ? JSON.stringify({ evidence: answer.evidence }) : null,
        executionId: run.id,
      }, at);
      if (answer.next_run === null) {
        // Only an active task completes; the run then says so.
        if (!current.complete(run.task_id, at)) {
          executions.mergeResult(run.id, JSON.stringify({ auto_complete_failed: true }));
        }
        return;
      }
      const due = wanted && wanted > now ? wanted : new Date(now.getTime() + DAY_MS);
      current.scheduleJob(run.task_id, isoZ(due), { now: at });
    });
  }

  return {
    // A cancelled run stays cancelled here (the real service may still overwrite the mark),
    // so that what a client sees does not depend on timing.
    begin(run) {
      if (run.status === "cancelled") return false;
      executions.begin(run.id);
      return true;
    },
    finish(run, task) {
      if (run.status !== "running") return;
      const now = new Date();
      let answer: AgentAnswer;
      try {
        answer = executor.agent(task.search_query ?? "", { attempt: run.retry_count, now });
      } catch (error) {
        failed(run, (error as Error).message, now);
        return;
      }
      succeeded(run, answer, now);
    },
  };
}
