/** `torale task create`: a new monitoring task. */
import type { ApiClient } from "../../api/client.ts";
import { checkApplied } from "../../api/echo.ts";
import { refuseOnCurrent } from "../../api/generation.ts";
import { createTask, listTasks } from "../../api/tasks.ts";
import { DEFAULT_MODEL } from "../../config/schema.ts";
import type { NotificationConfig } from "../../api/types.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { CliError, UsageError } from "../../errors.ts";
import { checkCron } from "./cron.ts";
import { printTaskSummary } from "./render.ts";

/** Flags of `task create`. */
export interface CreateFlags {
  query: string;
  condition: string;
  schedule?: string;
  name?: string;
  notifyBehavior?: "once" | "always" | "track_state";
  runImmediately?: boolean;
  paused?: boolean;
  webhook?: string;
  email?: string;
  model?: string;
}

/** The classic API's schedule when -s is not given: every day at 09:00 UTC. */
const DEFAULT_SCHEDULE = "0 9 * * *";

function notifications(flags: CreateFlags): NotificationConfig[] {
  const list: NotificationConfig[] = [];
  if (flags.email !== undefined) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(flags.email)) {
      throw new UsageError(`Invalid email address "${flags.email}"`);
    }
    list.push({ type: "email", address: flags.email });
  }
  if (flags.webhook !== undefined) {
    let url: URL;
    try {
      url = new URL(flags.webhook);
    } catch {
      throw new UsageError(`Invalid webhook URL "${flags.webhook}"`);
    }
    if (url.protocol !== "https:") {
      throw new UsageError(`Invalid webhook URL "${flags.webhook}": it must use https://`);
    }
    list.push({ type: "webhook", url: flags.webhook, method: "POST" });
  }
  return list;
}

/** A name from the query when none is given: `Monitor: <first 50 characters>`. */
function defaultName(query: string): string {
  const text = query.trim();
  return `Monitor: ${text.length > 50 ? text.slice(0, 50).trimEnd() + "…" : text}`;
}

/** A name no task of the user has yet: `base`, else `base (2)`, `base (3)`, … */
function freeName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base} (${n})`;
  return name;
}

/** The current API's names are unique per user: pick or check one before any write. */
async function uniqueName(client: ApiClient, flags: CreateFlags, query: string): Promise<string> {
  const tasks = await listTasks(client);
  const taken = new Set(tasks.map((task) => task.name));
  const wanted = flags.name?.trim();
  if (wanted === undefined) return freeName(defaultName(query), taken);
  const clash = tasks.find((task) => task.name === wanted);
  if (clash) {
    throw new CliError(
      `A task named "${wanted}" already exists (${clash.id}); nothing was created`,
      {
        hints: ["Task names are unique on this API: choose another with -n, or leave -n out."],
      },
    );
  }
  return wanted;
}

/** Runs `task create`. */
export default async function create(this: Context, flags: CreateFlags): Promise<void> {
  const query = flags.query.trim();
  const condition = flags.condition.trim();
  if (query === "") throw new UsageError("The query (-q) must not be empty");
  if (condition === "") throw new UsageError("The condition (-c) must not be empty");
  if (flags.name !== undefined && flags.name.trim() === "") {
    throw new UsageError("The name (-n) must not be empty");
  }
  const channels = notifications(flags);
  // A bad cron is a usage error on either generation: say so before asking which one this is.
  if (flags.schedule !== undefined) await checkCron(flags.schedule.trim());
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  const generation = await session.generation();
  const common = {
    search_query: query,
    condition_description: condition,
    state: flags.paused ? "paused" : "active",
    notifications: channels,
    run_immediately: flags.runImmediately === true,
  };
  let body: Record<string, unknown>;
  if (generation === "current") {
    const url = session.settings.apiUrl.value;
    if (flags.schedule !== undefined) refuseOnCurrent(generation, "--schedule", url);
    if (flags.notifyBehavior !== undefined) refuseOnCurrent(generation, "--notify-behavior", url);
    if (flags.model !== undefined) refuseOnCurrent(generation, "--model", url);
    body = { name: await uniqueName(client, flags, query), ...common };
  } else {
    const schedule = (flags.schedule ?? DEFAULT_SCHEDULE).trim();
    body = {
      name: flags.name?.trim() ?? defaultName(query),
      schedule,
      config: { model: flags.model ?? DEFAULT_MODEL },
      executor_type: "llm_grounded_search",
      notify_behavior: flags.notifyBehavior ?? "once",
      ...common,
    };
  }
  const task = await createTask(client, body);
  await session.output(task, async (task) => {
    session.print(`${session.colors.ok} Task created`);
    await printTaskSummary(session, task);
    if (flags.runImmediately) session.info(`A first run has started: torale task logs ${task.id}`);
  });
  checkApplied("new task", body, task);
}
