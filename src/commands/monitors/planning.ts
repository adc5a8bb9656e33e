/** What `plan` and `apply` share: reading the monitors file, planning it, showing the plan. */
import {
  type Connection,
  connectionOf,
  listConnections,
  requireActiveConnections,
} from "../../api/connectors.ts";
import { listTasks } from "../../api/tasks.ts";
import { CliError, UsageError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import type { Session } from "../../kit/session.ts";
import { decodeUtf8, readInput } from "../../kit/input.ts";
import { type MonitorFile, parseMonitorFile } from "./file.ts";
import { buildPlan, type Plan } from "./plan_model.ts";
import { planJson, printPlan } from "./render.ts";

/** The largest monitors file read: some thousands of tasks, far from a runaway input. */
const MAX_MONITOR_FILE_BYTES = 8 * 1024 * 1024;

/** Flags of `plan` (and `apply`). */
export interface PlanFlags {
  file: string;
  prune?: boolean;
  detailedExitcode?: boolean;
}

/** Reads and parses the monitors file (`-` is stdin); no request is made before this passes. */
export async function readMonitorFile(context: Context, file: string): Promise<MonitorFile> {
  const what = file === "-" ? "<stdin>" : file;
  let text: string;
  try {
    const bytes = await readInput(context.deps, file, { limit: MAX_MONITOR_FILE_BYTES, what });
    text = decodeUtf8(bytes, what);
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(`No such file: ${file}`, {
        hints: ["Write one with: torale export --file torale.yaml"],
      });
    }
    if (error instanceof Deno.errors.NotCapable) throw error;
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  return await parseMonitorFile(text, what);
}

/**
 * The plan of `file` against the server, with what it was made from. When the file names
 * connectors, one more request lists the account's connections: a change that would send one
 * that is not ACTIVE is refused here, and one that no change sends is a warning.
 */
export async function makePlan(session: Session, file: MonitorFile, prune: boolean) {
  const client = session.api();
  const generation = await session.generation();
  const tasks = await listTasks(client);
  const plan = buildPlan(file, tasks, generation, prune);
  const named = new Set(file.tasks.flatMap((spec) => spec.connectors ?? []));
  let connections: Connection[] | undefined;
  if (generation === "current" && named.size > 0) {
    connections = await listConnections(client);
    const sent = new Set(
      plan.changes.flatMap((change) =>
        change.draft?.attached_connector_slugs ?? change.patch?.attached_connector_slugs ?? []
      ),
    );
    await requireActiveConnections(client, [...sent], connections);
    for (const slug of named) {
      if (!sent.has(slug) && connectionOf(connections, slug)?.status !== "ACTIVE") {
        session.warn(
          `Connector "${slug}" is not an active connection: tasks that name it run without it (torale connectors connect ${slug})`,
        );
      }
    }
  }
  return { client, generation, tasks, plan, connections };
}

/** Prints a plan as the output format asks. */
export async function showPlan(session: Session, plan: Plan): Promise<void> {
  await session.output(
    planJson(plan),
    (shown) => printPlan(session, shown, session.settings.apiUrl.value),
  );
}
