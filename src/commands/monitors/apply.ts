/**
 * `torale apply -f F [--prune] [--yes] [--dry-run]`: makes the server's tasks match the file,
 * creates first and deletes last, stopping at the first failure and saying what was and was
 * not applied. It re-reads the server just before writing and refuses when anything the plan
 * was made from changed.
 */
import type { Generation } from "../../api/generation.ts";
import { deleteTask, listTasks, type TaskId } from "../../api/tasks.ts";
import { createTask, updateTask } from "../../api/task_writes.ts";
import type { ApiClient } from "../../api/client.ts";
import type { Connection } from "../../api/connectors.ts";
import type { Task } from "../../api/types.ts";
import { CliError, InterruptedError, UsageError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { forPeople } from "../../output/sanitize.ts";
import type { Change } from "./plan_model.ts";
import { fingerprint, stable } from "./task_spec.ts";
import { planJson, summary } from "./render.ts";
import { makePlan, type PlanFlags, readMonitorFile, showPlan } from "./planning.ts";

/** Flags of `apply`. */
export interface ApplyFlags extends Omit<PlanFlags, "detailedExitcode"> {
  yes?: boolean;
  dryRun?: boolean;
}

function label(change: Change): string {
  const id = change.id ? ` (${change.id.slice(0, 8)})` : "";
  return `${change.action} ${JSON.stringify(change.name)}${id}`;
}

/** How a context is left out of a task in the monitors file. */
const CONTEXT_FROM = "remove `context:` from this task in the file";

/** Makes one change; `tasks` is the server's list just read, so no write lists again. */
async function perform(
  client: ApiClient,
  generation: Generation,
  change: Change,
  tasks: Task[],
  connections: Connection[] | undefined,
): Promise<void> {
  // The plan's ids came from the server's own list: resolved already.
  const id = change.id as TaskId;
  if (change.action === "delete") {
    await deleteTask(client, id);
  } else if (change.action === "create") {
    await createTask(client, generation, change.draft!, {
      tasks,
      connections,
      what: `new task "${change.name}"`,
      // madeAnyway reads the server back after any failure.
      readBack: false,
      contextFrom: CONTEXT_FROM,
    });
  } else {
    await updateTask(client, generation, id, change.patch!, {
      tasks,
      connections,
      what: `change to "${change.name}"`,
      contextFrom: CONTEXT_FROM,
    });
  }
}

/**
 * What the server did for a change that failed, read back: a failed request may still have
 * written (a create whose answer was refused, other fields of an update whose state change
 * was not allowed). `before` is the server's tasks the plan was made from: a plan touches
 * each task once, so they are still the tasks before this change.
 */
async function madeAnyway(
  client: ApiClient,
  change: Change,
  before: Task[],
): Promise<string | undefined> {
  let after: Task[];
  try {
    after = await listTasks(client);
  } catch {
    return "the server could not be read back: check it with torale task list";
  }
  if (change.action === "create") {
    const made = after.filter((task) =>
      task.name === change.name && !before.some((old) => old.id === task.id)
    );
    return made.length > 0
      ? `the server created it anyway (${made.map((task) => task.id).join(", ")})`
      : undefined;
  }
  const now = after.find((task) => task.id === change.id);
  if (change.action === "delete") return now ? undefined : "the server deleted it anyway";
  if (!now) return "the task is no longer on the server";
  const was = before.find((task) => task.id === change.id) as Record<string, unknown> | undefined;
  const moved = Object.keys(change.patch ?? {}).filter((field) =>
    stable((now as Record<string, unknown>)[field]) !== stable(was?.[field])
  );
  return moved.length > 0 ? `the server changed ${moved.join(", ")} anyway` : undefined;
}

/** What was applied, partly, maybe and not at all, as hint lines of the error apply ends with. */
function reportLines(report: {
  applied: string[];
  partly_applied: string[];
  maybe_applied: string[];
  not_applied: string[];
}): string[] {
  return [
    `Applied (${report.applied.length}): ${report.applied.join(", ") || "nothing"}`,
    ...report.partly_applied.map((line) => `Partly applied: ${line}`),
    ...report.maybe_applied.map((line) => `Maybe applied: ${line}`),
    `Not applied (${report.not_applied.length}): ${report.not_applied.join(", ") || "nothing"}`,
  ];
}

/** Runs `apply`. */
export default async function apply(this: Context, flags: ApplyFlags): Promise<void> {
  const file = await readMonitorFile(this, flags.file);
  const session = await Session.open(this.deps, this.globals);
  const { client, tasks, plan, connections } = await makePlan(
    session,
    file,
    flags.prune === true,
  );
  const machine = session.format !== "table";
  if (!machine) await showPlan(session, plan);
  // --json: the plan, then what was applied (the same shape whether or not anything was).
  const report = {
    ...planJson(plan),
    applied: [] as string[],
    not_applied: [] as string[],
    /** The change that failed but changed the server all the same, and what it did. */
    partly_applied: [] as string[],
    /** The change in flight when a second Ctrl-C stopped apply: it may have landed. */
    maybe_applied: [] as string[],
    error: null as string | null,
  };
  if (plan.changes.length === 0 || flags.dryRun) {
    if (flags.dryRun && !machine) session.info("Dry run: nothing was changed.");
    if (machine) await session.data(report);
    return;
  }
  if (!flags.yes) {
    if (!this.deps.io.stdin.isTerminal) {
      throw new UsageError("Refusing to apply without --yes when stdin is not a terminal", {
        hints: [
          `Check the plan with torale plan -f ${flags.file}, then run torale apply -f ${flags.file} --yes`,
        ],
      });
    }
    if (!await this.deps.prompt.confirm(`Apply ${summary(plan)}?`)) {
      session.info("Nothing was changed.");
      return;
    }
  }
  // The plan shown is the plan applied: refuse if the server moved in between.
  const reread = await listTasks(client);
  if (fingerprint(reread) !== fingerprint(tasks)) {
    throw new CliError("The server's tasks changed since the plan was made; nothing was applied", {
      hints: [`Run torale apply -f ${flags.file} again to see the new plan.`],
    });
  }
  if (!machine) session.print("");
  // Ctrl-C once: stop after the change in flight. Twice: stop now; that change may have landed.
  // Either way the report says what was applied, what may have been and what was not.
  let presses = 0;
  const now = Promise.withResolvers<never>();
  now.promise.catch(() => {});
  const stopListening = this.deps.onInterrupt(() => {
    if (++presses === 1) {
      session.warn("Stopping after the change in flight; press Ctrl-C again to stop at once");
    } else now.reject(new InterruptedError());
  });
  const stopped = async (i: number, inFlight?: Change) => {
    if (inFlight) {
      report.maybe_applied.push(
        `${label(inFlight)}: stopped in flight; check with torale task list`,
      );
    }
    report.not_applied.push(...plan.changes.slice(inFlight ? i + 1 : i).map(label));
    report.error = "Interrupted";
    if (machine) await session.data(report);
    return new InterruptedError({ hints: reportLines(report) });
  };
  try {
    for (const [i, change] of plan.changes.entries()) {
      if (presses > 0) throw await stopped(i);
      try {
        await Promise.race([
          perform(client, plan.generation, change, reread, connections),
          now.promise,
        ]);
        report.applied.push(label(change));
        if (!machine) session.print(`${session.colors.ok} ${forPeople(label(change))}`);
      } catch (error) {
        if (error instanceof InterruptedError) throw await stopped(i, change);
        if (!(error instanceof CliError)) throw error;
        const anyway = await madeAnyway(client, change, tasks);
        if (anyway) report.partly_applied.push(`${label(change)}: ${anyway}`);
        else report.not_applied.push(label(change));
        report.not_applied.push(...plan.changes.slice(i + 1).map(label));
        report.error = `${label(change)} failed: ${error.message}`;
        // Scripts get the report on stdout; the error still goes to stderr with exit 1.
        if (machine) await session.data(report);
        throw new CliError(report.error, {
          hints: [...error.hints, ...reportLines(report)],
          cause: error,
        });
      }
    }
  } finally {
    stopListening();
  }
  if (machine) await session.data(report);
  else {session.print(
      `\nApplied ${report.applied.length} change${report.applied.length === 1 ? "" : "s"}.`,
    );}
}
