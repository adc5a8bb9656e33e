/** `torale task create`: a new monitoring task. */
import type { ApiClient } from "../../api/client.ts";
import { emailStanding, isEmailAddress } from "../../api/emails.ts";
import { createTask, type TaskDraft } from "../../api/task_writes.ts";
import { defaultTaskName } from "../../api/task_bodies.ts";
import { getTemplate, type TaskTemplate } from "../../api/templates.ts";
import type { NotificationConfig } from "../../api/types.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { UsageError } from "../../errors.ts";
import { connectorSlugs } from "./connectors.ts";
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
  connector?: string[];
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

/** Refuses an empty explicit flag; returns it trimmed, or undefined when it was not given. */
function refuseEmpty(value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "") throw new UsageError(`The ${what} must not be empty`);
  return value.trim();
}

/**
 * Warns (the create goes on) when the task would notify an address the account has not
 * verified: the service sends nothing there until it is.
 */
async function warnUnverified(session: Session, client: ApiClient, email: string) {
  const standing = await emailStanding(client, email);
  if (standing.kind === "verified") return;
  if (standing.kind === "unchecked") {
    return session.warn(`Could not check whether ${email} is verified (${standing.reason})`);
  }
  session.warn(`${email} is not verified: Torale sends no email there until it is`);
  const { lookalike } = standing;
  session.info(
    lookalike !== undefined
      ? `${lookalike} is verified: Torale matches addresses letter for letter, so use --email ${lookalike}`
      : `Verify it with: torale email add ${email}, then torale email verify ${email} <code>`,
  );
}

/** Runs `task create`. */
export default async function create(this: Context, flags: CreateFlags): Promise<void> {
  const explicitQuery = refuseEmpty(flags.query, "query (-q)");
  const explicitCondition = refuseEmpty(flags.condition, "condition (-c)");
  refuseEmpty(flags.name, "name (-n)");
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
  const baseName = template?.name.trim() || defaultTaskName(query);
  const draft: TaskDraft = {
    name: flags.name?.trim() ?? baseName,
    search_query: query,
    condition_description: condition,
    state: flags.paused ? "paused" : "active",
    notifications: channels,
    run_immediately: flags.runImmediately === true,
    schedule: flags.schedule?.trim(),
    notify_behavior: flags.notifyBehavior,
    model: flags.model,
    attached_connector_slugs: connectorSlugs(flags.connector),
  };
  const email = flags.email;
  await createTask(client, await session.generation(), draft, {
    nameIsDefault: flags.name === undefined,
    suggested: template && {
      schedule: template.schedule?.trim(),
      notify_behavior: template.notify_behavior,
    },
    beforeSend: email === undefined ? undefined : () => warnUnverified(session, client, email),
    warn: (text) => session.warn(text),
    show: (task) =>
      session.output(task, async (task) => {
        session.print(`${session.colors.ok} Task created`);
        await printTaskSummary(session, task);
        if (flags.runImmediately) {
          session.info(`A first run has started: torale task logs ${task.id}`);
        }
      }),
  });
}
