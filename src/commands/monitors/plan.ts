/** `torale plan`: what `apply` would change, changing nothing. */
import { QuietExit } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { makePlan, type PlanFlags, readMonitorFile, showPlan } from "./planning.ts";

/** `torale plan -f F [--prune] [--detailed-exitcode]`. */
export default async function plan(this: Context, flags: PlanFlags): Promise<void> {
  const file = await readMonitorFile(this, flags.file);
  const session = await Session.open(this.deps, this.globals);
  const { plan } = await makePlan(session, file, flags.prune === true);
  await showPlan(session, plan);
  if (flags.detailedExitcode && plan.changes.length > 0) throw new QuietExit(3);
}
