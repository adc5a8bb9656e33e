/**
 * One tool, declared once: name, description, schemas, truthful annotations and the call.
 * Registering it skips writes in read-only mode and turns every failure into an `isError`
 * result. Also what several tools share: naming a task, and showing a run.
 */
import type { infer as Infer, ZodObject, ZodRawShape } from "zod";
import type { ApiClient } from "../api/client.ts";
import { listTasks, resolveTask } from "../api/tasks.ts";
import type { Task, TaskExecution, TaskId } from "../api/types.ts";
import { ApiError, UsageError } from "../errors.ts";
import type { McpContext } from "./context.ts";
import { guarded } from "./results.ts";
import type { McpServer, ToolExtra, ToolResult } from "./sdk.ts";

/** The MCP tool annotations, all of them stated. */
export interface Hints {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  /** Torale searches the web and notifies outside parties: true for what runs or notifies. */
  openWorldHint: boolean;
}

/** A read: no change, safe to repeat. */
export const READ: Hints = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

/** A tool. */
export interface ToolSpec<S extends ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: S;
  output: ZodRawShape;
  hints: Hints;
  call(args: Infer<ZodObject<S>>, extra: ToolExtra): Promise<ToolResult>;
}

/** Registers `spec` on `server`, unless it writes and the server is read-only. */
export function addTool<S extends ZodRawShape>(
  server: McpServer,
  context: McpContext,
  spec: ToolSpec<S>,
): void {
  if (context.readOnly && !spec.hints.readOnlyHint) return;
  const call = (args: Infer<ZodObject<S>>, extra: ToolExtra) =>
    guarded(context, () => spec.call(args, extra));
  server.registerTool(spec.name, {
    title: spec.title,
    description: spec.description,
    inputSchema: spec.input,
    outputSchema: spec.output,
    annotations: { title: spec.title, ...spec.hints },
  }, call as never);
}

/** A task id and, when it took one, the user's task list. */
export interface FoundTask {
  id: TaskId;
  tasks?: Task[];
}

/**
 * The task `input` names: a full id or unique prefix as the CLI resolves them, else a task
 * whose name is exactly `input` (one list). Anything else is the CLI's own "not found".
 */
export async function findTask(client: ApiClient, input: string): Promise<FoundTask> {
  let tasks: Task[] | undefined;
  const list = async () => tasks ??= await listTasks(client);
  try {
    return await resolveTask(client, input.trim(), list);
  } catch (error) {
    const missing = (error instanceof ApiError && error.status === 404) ||
      error instanceof UsageError;
    if (!missing) throw error;
    const named = (await list()).filter((task) => task.name === input);
    if (named.length === 1) return { id: named[0].id, tasks };
    if (named.length > 1) {
      throw new UsageError(`${named.length} tasks are named "${input}"`, {
        hints: ["Name the task by its id instead:", ...named.map((task) => `  ${task.id}`)],
      });
    }
    throw error;
  }
}

/** Whether a run met its condition, in either generation. */
export function isMet(run: TaskExecution): boolean {
  return run.condition_met === true ||
    (run.notification !== undefined && run.notification !== null);
}

/** A run as the tools show it: the API's fields, plus its answer and whether it met. */
export function runView(run: TaskExecution): Record<string, unknown> & { met: boolean } {
  const result = run.result && typeof run.result === "object" ? run.result : {};
  const found = result.answer ?? result.evidence;
  return {
    ...run,
    answer: typeof found === "string" ? found : null,
    met: run.status === "success" && isMet(run),
  };
}

/** A run in one line, for a tool's text. */
export function runLine(run: TaskExecution): string {
  const view = runView(run);
  const verdict = run.status === "success" ? (view.met ? ", condition met" : ", not met") : "";
  const answer = typeof view.answer === "string" && view.answer !== ""
    ? `: ${view.answer.length > 300 ? view.answer.slice(0, 300) + "…" : view.answer}`
    : "";
  return `run ${run.id} ${run.status}${verdict}${answer}`;
}

/** A task in one line, for a tool's text. */
export function taskLine(task: Task): string {
  return `"${task.name}" (${task.id}) ${task.state}`;
}
