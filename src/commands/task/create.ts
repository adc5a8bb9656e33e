/** `torale task create`: a new monitoring task. */
import { createTask } from "../../api/tasks.ts";
import type { NotificationConfig } from "../../api/types.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { UsageError } from "../../errors.ts";
import { checkCron } from "./cron.ts";
import { printTaskSummary } from "./render.ts";

/** Flags of `task create`. */
export interface CreateFlags {
  query: string;
  condition: string;
  schedule: string;
  name?: string;
  notifyBehavior: "once" | "always" | "track_state";
  runImmediately?: boolean;
  paused?: boolean;
  webhook?: string;
  email?: string;
  model: string;
}

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
export function defaultName(query: string): string {
  const text = query.trim();
  return `Monitor: ${text.length > 50 ? text.slice(0, 50).trimEnd() + "…" : text}`;
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
  const schedule = flags.schedule.trim();
  await checkCron(schedule);
  const body = {
    name: flags.name?.trim() ?? defaultName(query),
    schedule,
    config: { model: flags.model },
    search_query: query,
    condition_description: condition,
    executor_type: "llm_grounded_search",
    state: flags.paused ? "paused" : "active",
    notify_behavior: flags.notifyBehavior,
    notifications: notifications(flags),
    run_immediately: flags.runImmediately === true,
  };
  const session = await Session.open(this.deps, this.globals);
  const task = await createTask(session.api(), body);
  await session.output(task, async () => {
    session.print(`${session.colors.ok} Task created`);
    await printTaskSummary(session, task);
    if (flags.runImmediately) session.info(`A first run has started: torale task logs ${task.id}`);
  });
}
