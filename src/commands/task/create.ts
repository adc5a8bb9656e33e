/** `torale task create`: a new monitoring task. */
import type { ApiClient } from "../../api/client.ts";
import { checkApplied } from "../../api/echo.ts";
import {
  isEmailAddress,
  isVerified,
  type VerifiedEmails,
  verifiedEmails,
  verifiedLookalike,
} from "../../api/emails.ts";
import { refuseOnCurrent } from "../../api/generation.ts";
import { createTask, listTasks } from "../../api/tasks.ts";
import { getTemplate, type TaskTemplate } from "../../api/templates.ts";
import { DEFAULT_MODEL, DEFAULT_SCHEDULE } from "../../config/schema.ts";
import type { NotificationConfig } from "../../api/types.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { ApiError, CliError, UsageError } from "../../errors.ts";
import { checkCron } from "./cron.ts";
import { printTaskSummary } from "./render.ts";

/** Flags of `task create`. */
export interface CreateFlags {
  query?: string;
  condition?: string;
  template?: string;
  schedule?: string;
  name?: string;
  notifyBehavior?: "once" | "always" | "track_state";
  runImmediately?: boolean;
  paused?: boolean;
  webhook?: string;
  email?: string;
  model?: string;
}

function notifications(flags: CreateFlags): NotificationConfig[] {
  const list: NotificationConfig[] = [];
  if (flags.email !== undefined) {
    if (!isEmailAddress(flags.email)) {
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

/**
 * The current API's names are unique per user: pick or check one before any write. A name
 * the user gave must be free; one from a template or the query gets a free variant.
 */
async function uniqueName(client: ApiClient, flags: CreateFlags, base: string): Promise<string> {
  const tasks = await listTasks(client);
  const taken = new Set(tasks.map((task) => task.name));
  const wanted = flags.name?.trim();
  if (wanted === undefined) return freeName(base, taken);
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

/** An explicit flag must not be empty; undefined when it was not given. */
function given(value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "") throw new UsageError(`The ${what} must not be empty`);
  return value.trim();
}

/**
 * Warns (the create goes on) when the task would notify an address the account has not
 * verified: the service sends nothing there until it is.
 */
async function warnUnverified(session: Session, client: ApiClient, email: string) {
  let list: VerifiedEmails;
  try {
    list = await verifiedEmails(client);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return session.warn(`Could not check whether ${email} is verified (${error.message})`);
  }
  if (isVerified(list, email)) return;
  session.warn(`${email} is not verified: Torale sends no email there until it is`);
  const lookalike = verifiedLookalike(list, email);
  session.info(
    lookalike !== undefined
      ? `${lookalike} is verified: Torale matches addresses letter for letter, so use --email ${lookalike}`
      : `Verify it with: torale email add ${email}, then torale email verify ${email} <code>`,
  );
}

/** Runs `task create`. */
export default async function create(this: Context, flags: CreateFlags): Promise<void> {
  const explicitQuery = given(flags.query, "query (-q)");
  const explicitCondition = given(flags.condition, "condition (-c)");
  given(flags.name, "name (-n)");
  if (flags.template === undefined && (!explicitQuery || !explicitCondition)) {
    const missing = [!explicitQuery && "--query", !explicitCondition && "--condition"]
      .filter(Boolean).join(" and ");
    throw new UsageError(`Missing ${missing}`, {
      hints: [
        "Give both -q and -c, or start from a template: --template <id> (see torale template list).",
      ],
    });
  }
  if (flags.template !== undefined && flags.template.trim() === "") {
    throw new UsageError("The template id (--template) must not be empty");
  }
  const channels = notifications(flags);
  // A bad cron is a usage error on either generation: say so before asking which one this is.
  if (flags.schedule !== undefined) await checkCron(flags.schedule.trim());
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  const template: TaskTemplate | undefined = flags.template === undefined
    ? undefined
    : await getTemplate(client, flags.template.trim());
  // Explicit flags win over the template's fields.
  const query = explicitQuery ?? template!.search_query.trim();
  const condition = explicitCondition ?? template!.condition_description.trim();
  const baseName = template?.name.trim() || defaultName(query);
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
    body = { name: await uniqueName(client, flags, baseName), ...common };
  } else {
    const schedule = (flags.schedule ?? template?.schedule ?? DEFAULT_SCHEDULE).trim();
    body = {
      name: flags.name?.trim() ?? baseName,
      schedule,
      config: { model: flags.model ?? DEFAULT_MODEL },
      executor_type: "llm_grounded_search",
      notify_behavior: flags.notifyBehavior ?? template?.notify_behavior ?? "once",
      ...common,
    };
  }
  if (flags.email !== undefined) await warnUnverified(session, client, flags.email);
  const task = await createTask(client, body);
  await session.output(task, async (task) => {
    session.print(`${session.colors.ok} Task created`);
    await printTaskSummary(session, task);
    if (flags.runImmediately) session.info(`A first run has started: torale task logs ${task.id}`);
  });
  checkApplied("new task", body, task);
}
