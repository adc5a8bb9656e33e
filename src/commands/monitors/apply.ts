/**
 * `torale apply -f F [--prune] [--yes] [--dry-run]`: makes the server's tasks match the file,
 * creates first and deletes last, stopping at the first failure and saying what was and was
 * not applied. It re-reads the server just before writing and refuses when anything the plan
 * was made from changed.
 */
import { checkApplied } from "../../api/echo.ts";
import { createTask, deleteTask, listTasks, updateTask } from "../../api/tasks.ts";
import type { ApiClient } from "../../api/client.ts";
import { CliError, UsageError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { forPeople } from "../../output/sanitize.ts";
import { type Change, fingerprint } from "./plan_model.ts";
import { planJson, summary } from "./render.ts";
import { makePlan, type PlanFlags, readMonitorFile, showPlan } from "./verbs.ts";

/** Flags of `apply`. */
export interface ApplyFlags extends Omit<PlanFlags, "detailedExitcode"> {
  yes?: boolean;
  dryRun?: boolean;
}

function label(change: Change): string {
  return `${change.action} "${change.name}"${change.id ? ` (${change.id.slice(0, 8)})` : ""}`;
}

async function perform(client: ApiClient, change: Change): Promise<void> {
  if (change.action === "delete") {
    await deleteTask(client, change.id!);
  } else if (change.action === "create") {
    checkApplied(`new task "${change.name}"`, change.body!, await createTask(client, change.body!));
  } else {
    const echoed = await updateTask(client, change.id!, change.body!);
    checkApplied(`change to "${change.name}"`, change.body!, echoed);
  }
}

/** Runs `apply`. */
export default async function apply(this: Context, flags: ApplyFlags): Promise<void> {
  const file = await readMonitorFile(this, flags.file);
  const session = await Session.open(this.deps, this.globals);
  const { client, tasks, plan } = await makePlan(session, file, flags.prune === true);
  const machine = session.format !== "table";
  if (!machine) await showPlan(session, plan);
  // --json: the plan, then what was applied (the same shape whether or not anything was).
  const report = { ...planJson(plan), applied: [] as string[], not_applied: [] as string[] };
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
  if (fingerprint(await listTasks(client)) !== fingerprint(tasks)) {
    throw new CliError("The server's tasks changed since the plan was made; nothing was applied", {
      hints: [`Run torale apply -f ${flags.file} again to see the new plan.`],
    });
  }
  if (!machine) session.print("");
  for (const [i, change] of plan.changes.entries()) {
    try {
      await perform(client, change);
      report.applied.push(label(change));
      if (!machine) session.print(`${session.colors.ok} ${forPeople(label(change))}`);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      const left = plan.changes.slice(i + 1).map(label);
      report.not_applied.push(label(change), ...left);
      throw new CliError(`${label(change)} failed: ${error.message}`, {
        hints: [
          ...error.hints,
          `Applied (${report.applied.length}): ${report.applied.join(", ") || "nothing"}`,
          `Not applied (${report.not_applied.length}): ${report.not_applied.join(", ")}`,
        ],
        cause: error,
      });
    }
  }
  if (machine) await session.data(report);
  else {session.print(
      `\nApplied ${report.applied.length} change${report.applied.length === 1 ? "" : "s"}.`,
    );}
}
