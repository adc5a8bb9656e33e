/**
 * The run tools: run_task (start a run, optionally wait for it), task_runs (answers, sources,
 * notifications) and wait_for_task (bounded, with progress, cancellable).
 */
import { checkApplied } from "../api/echo.ts";
import { refuseOnCurrent } from "../api/generation.ts";
import { executeTask, findRun, getTask, listRuns } from "../api/tasks.ts";
import type { TaskExecution } from "../api/types.ts";
import { CliError } from "../errors.ts";
import type { McpContext } from "./context.ts";
import { answer } from "./results.ts";
import type { Schemas } from "./schemas.ts";
import type { McpServer } from "./sdk.ts";
import { addTool, findTask, isMet, READ, runLine, runView } from "./tool.ts";
import { DEFAULT_WAIT_S, FINISHED, MAX_WAIT_S, type WaitEnd, waitForRuns } from "./wait.ts";

const WAIT_NOTE =
  `Waits at most the given seconds (default ${DEFAULT_WAIT_S}, at most ${MAX_WAIT_S}); ` +
  "sends progress notifications while it waits when the request has a progressToken, and " +
  "stops at once when the request is cancelled. A client whose request timeout is shorter " +
  "than the wait should reset it on progress.";

/** The text of a wait's end. */
function endText(end: WaitEnd, seconds: number): string {
  const run = end.run ? runLine(end.run) : "no run";
  switch (end.outcome) {
    case "timed_out":
      return `Still waiting after ${seconds} s (last seen: ${run}); the task keeps running on ` +
        "the server: call wait_for_task again to keep waiting";
    case "met":
      return `Condition met: ${run}`;
    case "failed":
      return `The run did not succeed: ${run}`;
    default:
      return `Finished: ${run}`;
  }
}

/** Registers the run tools. */
export function addRunTools(server: McpServer, context: McpContext, s: Schemas): void {
  const { z } = context.sdk;
  const waitOut = {
    task_id: z.string(),
    outcome: z.enum(["met", "finished", "failed", "timed_out"]).describe(
      "met: a run met the condition; finished: the run ended well; failed: it failed or was " +
        "cancelled; timed_out: the bound passed first (the task keeps running)",
    ),
    run: s.run.nullable(),
  };
  const seconds = (what: string, fallback: number) =>
    z.number().min(0).max(MAX_WAIT_S).default(fallback).describe(what);

  addTool(server, context, {
    name: "run_task",
    title: "Run a task now",
    description:
      "Starts a run of a task now (a web search and a check of its condition; a met condition " +
      "notifies as usual). With wait_seconds > 0 it waits for that run to finish. " + WAIT_NOTE,
    input: {
      task: s.taskRef,
      wait_seconds: seconds("Wait this long for the run to finish (0: do not wait)", 0),
      suppress_notifications: z.boolean().optional().describe(
        "Do not notify for this run; classic API only",
      ),
    },
    output: { ...waitOut, outcome: waitOut.outcome.nullable().describe("null when not waited") },
    hints: {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true,
    },
    async call(args, extra) {
      const client = context.api();
      if (args.suppress_notifications) {
        refuseOnCurrent(await context.generation(), "--suppress-notifications", client.baseUrl);
      }
      const { id, tasks } = await findTask(client, args.task);
      const started = await executeTask(client, id, {
        suppressNotifications: args.suppress_notifications,
      });
      checkApplied("run", { task_id: id }, { ...started });
      const shown = { task_id: id, run: runView(started) };
      if (args.wait_seconds <= 0) {
        return answer(context, { ...shown, outcome: null }, `Started ${runLine(started)}`);
      }
      // The classic API never runs a manual execution of a task that is not active.
      const task = tasks?.find((task) => task.id === id) ?? await getTask(client, id);
      if (task.state !== "active" && await context.generation() === "classic") {
        throw new CliError(
          `Started run ${started.id}, but the task is ${task.state}: the classic API does not ` +
            "run it until it is resumed; not waiting",
          { hints: ["Resume it with resume_task, then run it again."] },
        );
      }
      const target = { run: started };
      const end = FINISHED.has(started.status)
        ? { outcome: started.status === "success" ? "finished" : "failed", run: started } as const
        : await waitForRuns(context, client, {
          taskId: id,
          target,
          seconds: args.wait_seconds,
          extra,
        });
      return answer(context, {
        task_id: id,
        outcome: end.outcome,
        run: end.run && runView(end.run),
      }, endText(end, args.wait_seconds));
    },
  });

  addTool(server, context, {
    name: "task_runs",
    title: "A task's runs",
    description:
      "A task's runs, newest first: status, the answer found, whether the condition was met, " +
      "the notification text and the sources (grounding_sources).",
    input: {
      task: s.taskRef,
      limit: z.number().int().min(1).max(100).default(10),
      notifications_only: z.boolean().optional().describe("Only runs that met the condition"),
      status: z.enum(["success", "failed", "running", "pending"]).optional(),
    },
    output: { task_id: z.string(), runs: z.array(s.run) },
    hints: READ,
    async call(args) {
      const client = context.api();
      const { id } = await findTask(client, args.task);
      let runs = await listRuns(client, id, {
        limit: args.limit,
        notificationsOnly: args.notifications_only,
      });
      if (args.status) runs = runs.filter((run) => run.status === args.status);
      return answer(
        context,
        { task_id: id, runs: runs.map(runView) },
        [`${runs.length} runs of task ${id}`, ...runs.map(runLine)].join("\n"),
      );
    },
  });

  addTool(server, context, {
    name: "wait_for_task",
    title: "Wait for a task's run",
    description:
      "Waits until a run of the task meets its condition (until: met, the default), until the " +
      "next run finishes (until: run), or until the run run_id finishes. A latest run that " +
      "already met the condition ends a met-wait at once. " + WAIT_NOTE,
    input: {
      task: s.taskRef,
      until: z.enum(["met", "run"]).default("met"),
      run_id: z.string().optional().describe("Wait for this run (the id run_task returned)"),
      timeout: seconds("The most seconds to wait", DEFAULT_WAIT_S),
    },
    output: waitOut,
    hints: READ,
    async call(args, extra) {
      const client = context.api();
      const { id } = await findTask(client, args.task);
      await getTask(client, id);
      // The CLI's own lookup of a run id (or a unique prefix) among the latest runs.
      const target = args.run_id === undefined ? undefined : await findRun(client, id, args.run_id);
      const runs = target ? [] : await listRuns(client, id, { limit: 20 });
      let end: WaitEnd;
      const latest = runs.find((run) => FINISHED.has(run.status));
      if (target && FINISHED.has(target.status)) {
        end = { outcome: target.status === "success" ? "finished" : "failed", run: target };
      } else if (!target && args.until === "met" && latest?.status === "success" && isMet(latest)) {
        end = { outcome: "met", run: latest };
      } else {
        end = await waitForRuns(context, client, {
          taskId: id,
          target: target ? { run: target } : { until: args.until, runs },
          seconds: args.timeout,
          extra,
        });
      }
      const run: TaskExecution | null = end.run;
      return answer(
        context,
        { task_id: id, outcome: end.outcome, run: run && runView(run) },
        endText(end, args.timeout),
      );
    },
  });
}
