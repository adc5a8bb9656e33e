/**
 * A run of the classic generation (torale-api.md §4.6): pending → running → success or failed,
 * and notify_behavior "once" completes the task when the condition is met.
 */
import type { Executor, ExecutorOutput } from "../executor.ts";
import { isoZ, type Storage } from "../storage/mod.ts";
import type { RunSteps } from "../worker.ts";

/** The steps of a classic run. */
export function classicSteps(storage: Storage, executor: Executor): RunSteps {
  const { executions, tasks } = storage;
  return {
    begin(run, task) {
      // The real worker skips tasks that are not active: the run stays pending forever.
      if (task.state !== "active") return false;
      executions.setRunning(run.id);
      return true;
    },
    finish(run, task) {
      const now = isoZ();
      let output: ExecutorOutput;
      try {
        output = executor.run(task.search_query ?? "", task.condition_description);
      } catch (error) {
        executions.fail(run.id, (error as Error).message, now);
        return;
      }
      const hadState = task.last_known_state !== null;
      const changeSummary = hadState && output.condition_met ? output.answer.slice(0, 200) : null;
      const result = {
        success: true,
        answer: output.answer,
        condition_met: output.condition_met,
        change_summary: changeSummary,
        grounding_sources: output.grounding_sources,
        current_state: output.current_state,
      };
      storage.transaction(() => {
        executions.succeed(run.id, {
          result: JSON.stringify(result),
          condition_met: output.condition_met,
          change_summary: changeSummary,
          grounding_sources: JSON.stringify(output.grounding_sources),
        }, now);
        tasks.recordRun(task.id, {
          last_known_state: JSON.stringify(output.current_state),
          condition_met: output.condition_met,
          execution_id: run.id,
        }, now);
        if (output.condition_met && task.notify_behavior === "once" && task.state === "active") {
          tasks.complete(task.id, now);
        }
      });
    },
  };
}
