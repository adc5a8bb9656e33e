/**
 * The task tools: list, get, create, update, pause, resume, delete. Each goes through the
 * same src/api/ functions as `torale task …`: the generation's refusals, unique names on the
 * current API and the echo check of every write.
 */
import { isEmailAddress } from "../api/emails.ts";
import {
  createTask,
  pauseTask,
  resumeTask,
  type TaskPatch,
  updateTask,
} from "../api/task_writes.ts";
import { defaultTaskName } from "../api/task_bodies.ts";
import { deleteTask, getTask, listTasks } from "../api/tasks.ts";
import type { NotificationConfig, Task } from "../api/types.ts";
import { UsageError } from "../errors.ts";
import type { McpContext } from "./context.ts";
import { emailWarnings } from "./emails.ts";
import { answer, isServerFailure } from "./results.ts";
import type { Schemas } from "./schemas.ts";
import type { McpServer } from "./sdk.ts";
import { addTool, findTask, READ, taskLine } from "./tool.ts";

/** The channels of a create: an email address and/or an https webhook, checked as the CLI does. */
export function channels(input: { email?: string; webhook_url?: string }): NotificationConfig[] {
  const list: NotificationConfig[] = [];
  if (input.email !== undefined) {
    if (!isEmailAddress(input.email)) {
      throw new UsageError(`Invalid email address "${input.email}"`);
    }
    list.push({ type: "email", address: input.email });
  }
  if (input.webhook_url !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(input.webhook_url);
    } catch { /* reported below */ }
    if (url?.protocol !== "https:") {
      throw new UsageError(`Invalid webhook URL "${input.webhook_url}": it must use https://`);
    }
    list.push({ type: "webhook", url: input.webhook_url, method: "POST" });
  }
  return list;
}

/** `list` with each item once, in its first place; undefined stays undefined. */
function distinct(list: string[] | undefined): string[] | undefined {
  return list && [...new Set(list)];
}

/** Says plainly what the current service does with a context today, when it failed on one. */
export async function explainContextFailure<T>(asked: boolean, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!asked || !isServerFailure(error)) throw error;
    error.hints.push(
      "The current Torale service answers 500 to any task context (an upstream bug): nothing " +
        "was saved. Leave context out until the service is fixed.",
    );
    throw error;
  }
}

/** Registers the task tools. */
export function addTaskTools(server: McpServer, context: McpContext, s: Schemas): void {
  const { z } = context.sdk;
  const tasksOut = {
    tasks: z.array(s.task),
    total: z.number().describe("Tasks matching the filters, before paging"),
    next_offset: z.number().nullable().describe("The offset of the next page, null at the end"),
  };
  addTool(server, context, {
    name: "list_tasks",
    title: "List tasks",
    description:
      "Lists the user's Torale monitoring tasks (a task is a web search query plus a condition; " +
      "Torale runs it and notifies when the condition is met). Filter by state or by a piece of " +
      "the name; page with limit and offset.",
    input: {
      state: z.enum(["active", "paused", "completed"]).optional().describe("Only this state"),
      name_contains: z.string().optional().describe("Only tasks whose name contains this text"),
      limit: z.number().int().min(1).max(500).default(50).describe("Page size (default 50)"),
      offset: z.number().int().min(0).default(0).describe("Tasks to skip (from next_offset)"),
    },
    output: tasksOut,
    hints: READ,
    async call(args) {
      let tasks = await listTasks(context.api(), args.state);
      if (args.name_contains) {
        const piece = args.name_contains.toLowerCase();
        tasks = tasks.filter((task) => String(task.name).toLowerCase().includes(piece));
      }
      const page = tasks.slice(args.offset, args.offset + args.limit);
      const end = args.offset + page.length;
      const lines = page.map(taskLine);
      return answer(context, {
        tasks: page,
        total: tasks.length,
        next_offset: end < tasks.length ? end : null,
      }, [`${page.length} of ${tasks.length} tasks`, ...lines].join("\n"));
    },
  });

  addTool(server, context, {
    name: "get_task",
    title: "Get a task",
    description: "Every field of one task, named by id, unique id prefix or exact name.",
    input: { task: s.taskRef },
    output: { task: s.task },
    hints: READ,
    async call(args) {
      const client = context.api();
      const task = await getTask(client, (await findTask(client, args.task)).id);
      return answer(context, { task }, taskLine(task));
    },
  });

  addTool(server, context, {
    name: "create_task",
    title: "Create a task",
    description:
      "Creates a monitoring task: Torale searches the web for `query` on its schedule and " +
      "notifies (email and/or webhook) when `condition` is met. On the current API the service " +
      "decides when it runs and names are unique; schedule and notify_behavior are classic-API " +
      "only, connectors and context current-API only: the other generation refuses them " +
      "(nothing is sent). The server's answer is checked field by " +
      "field: a field it did not save is an error, never a success.",
    input: {
      query: z.string().trim().min(1).describe("What to search for"),
      condition: z.string().trim().min(1).describe("When to notify, in plain words"),
      name: z.string().trim().min(1).optional().describe(
        "Task name (default: from the query; on the current API a free variant is taken)",
      ),
      paused: z.boolean().optional().describe("Create it paused"),
      run_immediately: z.boolean().optional().describe("Run once right away"),
      ...s.notify,
      schedule: z.string().optional().describe("Cron, 5 fields, UTC; classic API only"),
      notify_behavior: z.enum(["once", "always", "track_state"]).optional().describe(
        "Classic API only: once (complete after the first match), always, track_state",
      ),
      connectors: s.connectors,
      context: s.context,
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
      const warnings: string[] = [];
      const email = args.email;
      const query = args.query;
      const task = await explainContextFailure(
        args.context !== undefined,
        createTask(client, await context.generation(), {
          name: args.name ?? defaultTaskName(query),
          search_query: query,
          condition_description: args.condition,
          state: args.paused ? "paused" : "active",
          notifications: channels(args),
          run_immediately: args.run_immediately === true,
          schedule: args.schedule?.trim(),
          notify_behavior: args.notify_behavior,
          attached_connector_slugs: distinct(args.connectors),
          context: args.context,
        }, {
          nameIsDefault: args.name === undefined,
          beforeSend: async () => {
            if (email !== undefined) warnings.push(...await emailWarnings(client, email));
          },
        }),
      );
      const lines = [`Created task ${taskLine(task)}`, ...warnings.map((w) => `Warning: ${w}`)];
      return answer(context, { task, warnings }, lines.join("\n"));
    },
  });

  addTool(server, context, {
    name: "update_task",
    title: "Update a task",
    description:
      "Changes a task: only the fields given are sent. `notifications` replaces all channels " +
      "([] removes them). schedule/notify_behavior are classic-API only, connectors and " +
      "context current-API only; the other generation refuses them and nothing is sent. The echo is checked.",
    input: {
      task: s.taskRef,
      name: z.string().trim().min(1).optional(),
      query: z.string().trim().min(1).optional(),
      condition: z.string().trim().min(1).optional(),
      state: z.enum(["active", "paused", "completed"]).optional(),
      notifications: z.array(z.object({ ...s.notify })).optional().describe(
        "The new channels, each {email} or {webhook_url}",
      ),
      schedule: z.string().optional().describe("Cron, UTC; classic API only"),
      notify_behavior: z.enum(["once", "always", "track_state"]).optional(),
      connectors: s.connectors.describe(
        "Current API only: the new list of toolkit slugs the agent may read ([] detaches all); " +
          "each must be an ACTIVE connection (list_connectors), else nothing is sent",
      ),
      context: s.context,
    },
    output: { task: s.task },
    hints: {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: false,
    },
    async call(args) {
      const patch: TaskPatch = {
        name: args.name,
        search_query: args.query,
        condition_description: args.condition,
        state: args.state,
        notifications: args.notifications?.flatMap(channels),
        schedule: args.schedule?.trim(),
        notify_behavior: args.notify_behavior,
        attached_connector_slugs: distinct(args.connectors),
        context: args.context,
      };
      for (const key of Object.keys(patch) as (keyof TaskPatch)[]) {
        if (patch[key] === undefined) delete patch[key];
      }
      if (Object.keys(patch).length === 0) throw new UsageError("Nothing to change");
      const client = context.api();
      const { id, tasks } = await findTask(client, args.task);
      const task = await explainContextFailure(
        args.context !== undefined,
        updateTask(client, () => context.generation(), id, patch, { tasks }),
      );
      return answer(context, { task }, `Updated task ${taskLine(task)}`);
    },
  });

  for (const [verb, change] of [["pause", pauseTask], ["resume", resumeTask]] as const) {
    addTool(server, context, {
      name: `${verb}_task`,
      title: `${verb === "pause" ? "Pause" : "Resume"} a task`,
      description: verb === "pause"
        ? "Pauses a task: it stops running on its own (the current API still runs it on run_task)."
        : "Resumes a paused or completed task: it runs on its own again.",
      input: { task: s.taskRef },
      output: { task: s.task },
      hints: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
      async call(args) {
        const client = context.api();
        const { id, tasks } = await findTask(client, args.task);
        const task: Task = await change(client, () => context.generation(), id, { tasks });
        return answer(context, { task }, `Task ${taskLine(task)}`);
      },
    });
  }

  addTool(server, context, {
    name: "delete_task",
    title: "Delete a task",
    description: "Deletes a task and its history for good. This cannot be undone.",
    input: { task: s.taskRef },
    output: { task_id: z.string(), deleted: z.boolean() },
    hints: {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: false,
    },
    async call(args) {
      const client = context.api();
      const { id } = await findTask(client, args.task);
      await deleteTask(client, id);
      return answer(context, { task_id: id, deleted: true }, `Deleted task ${id}`);
    },
  });
}
