/**
 * Templates, the webhook and notification history (reads), and the current API's sharing:
 * share_task, unshare_task, fork_task (refused on the classic API with the CLI's reason).
 */
import { checkApplied } from "../api/echo.ts";
import { requireCurrent } from "../api/generation.ts";
import { listSends } from "../api/notifications.ts";
import { createTask } from "../api/task_writes.ts";
import { forkTask, setVisibility } from "../api/tasks.ts";
import { getTemplate, listTemplates } from "../api/templates.ts";
import { getWebhookConfig, listDeliveries } from "../api/webhooks.ts";
import type { McpContext } from "./context.ts";
import { emailWarnings } from "./emails.ts";
import { answer } from "./results.ts";
import type { Schemas } from "./schemas.ts";
import type { McpServer } from "./sdk.ts";
import { channels } from "./tools_tasks.ts";
import { addTool, findTask, READ, taskLine } from "./tool.ts";

/** Registers the template, webhook, notification and sharing tools. */
export function addMoreTools(server: McpServer, context: McpContext, s: Schemas): void {
  const { z } = context.sdk;
  const template = z.looseObject({
    id: z.string(),
    name: z.string(),
    description: z.string().nullish(),
    category: z.string().nullish(),
    search_query: z.string(),
    condition_description: z.string(),
  });
  addTool(server, context, {
    name: "list_templates",
    title: "List task templates",
    description: "Ready-made tasks (query and condition) to start from with create_from_template.",
    input: { category: z.string().optional().describe("Only this category (exact match)") },
    output: { templates: z.array(template) },
    hints: READ,
    async call(args) {
      const templates = await listTemplates(context.api(), args.category);
      const lines = templates.map((t) => `${t.id} ${t.name}: ${t.search_query}`);
      return answer(context, { templates }, [`${templates.length} templates`, ...lines].join("\n"));
    },
  });

  addTool(server, context, {
    name: "create_from_template",
    title: "Create a task from a template",
    description:
      "Creates a task from a template (id or unique prefix, see list_templates); query, " +
      "condition and name given here win over the template's. Checked like create_task.",
    input: {
      template: z.string().min(1),
      name: z.string().trim().min(1).optional(),
      query: z.string().trim().min(1).optional(),
      condition: z.string().trim().min(1).optional(),
      paused: z.boolean().optional(),
      ...s.notify,
    },
    output: { task: s.task, warnings: s.warnings },
    hints: {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true,
    },
    async call(args) {
      const client = context.api();
      const found = await getTemplate(client, args.template.trim());
      const warnings: string[] = [];
      const email = args.email;
      const task = await createTask(client, await context.generation(), {
        name: args.name ?? found.name.trim(),
        search_query: args.query ?? found.search_query.trim(),
        condition_description: args.condition ?? found.condition_description.trim(),
        state: args.paused ? "paused" : "active",
        notifications: channels(args),
      }, {
        nameIsDefault: args.name === undefined,
        suggested: { schedule: found.schedule?.trim(), notify_behavior: found.notify_behavior },
        beforeSend: async () => {
          if (email !== undefined) warnings.push(...await emailWarnings(client, email));
        },
      });
      const lines = [`Created task ${taskLine(task)}`, ...warnings.map((w) => `Warning: ${w}`)];
      return answer(context, { task, warnings }, lines.join("\n"));
    },
  });

  addTool(server, context, {
    name: "get_webhook_config",
    title: "The account's webhook",
    description:
      "The account's webhook URL and whether deliveries are on. The signing secret is never " +
      "shown: secret_set says whether there is one.",
    input: {},
    output: { url: z.string().nullable(), enabled: z.boolean(), secret_set: z.boolean() },
    hints: READ,
    async call() {
      const config = await getWebhookConfig(context.api());
      const shown = { url: config.url, enabled: config.enabled, secret_set: !!config.secret };
      return answer(
        context,
        shown,
        `Webhook ${config.url ?? "not set"}, ${config.enabled ? "enabled" : "disabled"}`,
      );
    },
  });

  const history = {
    task: s.taskRef.optional().describe("Only this task's (id, unique prefix or exact name)"),
    limit: z.number().int().min(1).max(100).default(20),
  };
  addTool(server, context, {
    name: "list_webhook_deliveries",
    title: "Webhook deliveries",
    description: "Webhook deliveries, newest first: URL, HTTP status, attempt, time and error.",
    input: history,
    output: { deliveries: z.array(z.looseObject({ id: z.string(), task_id: z.string() })) },
    hints: READ,
    async call(args) {
      const client = context.api();
      const taskId = args.task === undefined ? undefined : (await findTask(client, args.task)).id;
      const deliveries = await listDeliveries(client, { taskId, limit: args.limit });
      const lines = deliveries.map((d) =>
        `${d.created_at} ${d.webhook_url} ${d.http_status ?? "-"} ${d.error_message ?? ""}`
      );
      return answer(
        context,
        { deliveries },
        [`${deliveries.length} deliveries`, ...lines].join("\n"),
      );
    },
  });

  addTool(server, context, {
    name: "list_notifications",
    title: "Notifications sent",
    description: "Notifications sent (email and webhook), newest first: recipient, status, run.",
    input: history,
    output: {
      sends: z.array(z.looseObject({ id: z.string(), task_id: z.string(), status: z.string() })),
      total: z.number(),
    },
    hints: READ,
    async call(args) {
      const client = context.api();
      const taskId = args.task === undefined ? undefined : (await findTask(client, args.task)).id;
      const sent = await listSends(client, { taskId, limit: args.limit });
      const lines = sent.sends.map((n) =>
        `${n.created_at} ${n.notification_type} to ${n.recipient}: ${n.status}`
      );
      return answer(context, { ...sent }, [`${sent.total} sent`, ...lines].join("\n"));
    },
  });

  for (const [verb, isPublic] of [["share", true], ["unshare", false]] as const) {
    addTool(server, context, {
      name: `${verb}_task`,
      title: isPublic ? "Make a task public" : "Make a task private",
      description: isPublic
        ? "Current API only: makes a task public; anyone with its id can read it and its runs, " +
          "and fork it (notifications stay private)."
        : "Current API only: makes a public task private again.",
      input: { task: s.taskRef },
      output: { task_id: z.string(), is_public: z.boolean() },
      hints: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: isPublic,
      },
      async call(args) {
        const client = context.api();
        requireCurrent(await context.generation(), `task ${verb}`, client.baseUrl);
        const { id } = await findTask(client, args.task);
        const echoed = await setVisibility(client, id, isPublic);
        checkApplied("visibility change", { is_public: isPublic }, echoed);
        return answer(
          context,
          { task_id: id, is_public: echoed.is_public },
          `Task ${id} is ${echoed.is_public ? "public" : "private"}`,
        );
      },
    });
  }

  addTool(server, context, {
    name: "fork_task",
    title: "Fork a task",
    description:
      "Current API only: copies a task of the user's, or a public one (by full id), as a new " +
      "paused, private task; resume it with resume_task.",
    input: {
      task: s.taskRef,
      name: z.string().trim().min(1).optional().describe("Default: <name> (Copy)"),
    },
    output: { task: s.task },
    hints: {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    },
    async call(args) {
      const client = context.api();
      requireCurrent(await context.generation(), "task fork", client.baseUrl);
      const { id } = await findTask(client, args.task);
      const task = await forkTask(client, id, args.name);
      checkApplied(
        "fork",
        { forked_from_task_id: id, ...(args.name ? { name: args.name } : {}) },
        task,
      );
      return answer(context, { task }, `Forked into task ${taskLine(task)} (paused)`);
    },
  });
}
