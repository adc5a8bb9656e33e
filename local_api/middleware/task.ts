/**
 * The `:id` of task routes: parsed as a UUID (422), then looked up among the user's tasks, or
 * among the tasks the viewer may see (404). Also the query parameters of task lists.
 */
import { type AppDeps, detail, invalid, type Middleware } from "../http.ts";
import { STATES } from "../task_rules.ts";
import { checkValue, parseUuid, queryInt } from "../validate.ts";

/** Puts the canonical task id on `c.var.taskId`; 422 when it is not a UUID. */
export const taskIdParam: Middleware = async (c, next) => {
  const parsed = parseUuid(c.req.param("id") ?? "", "task_id");
  if (typeof parsed !== "string") return invalid(c, [parsed]);
  c.set("taskId", parsed);
  await next();
};

/** After `requireUser` and `taskIdParam`: puts the user's task on `c.var.task`, or 404. */
export function ownedTask(deps: Pick<AppDeps, "storage">): Middleware {
  return async (c, next) => {
    const task = deps.storage.tasks.ownedBy(c.var.taskId, c.var.user.id);
    if (!task) return detail(c, 404, "Task not found");
    c.set("task", task);
    await next();
  };
}

/**
 * After `requireUser` or `optionalUser`, and `taskIdParam`: the viewer's own task, or anyone's
 * public task (current generation), on `c.var.task` with `c.var.owner`; otherwise 404, never 403.
 */
export function visibleTask(deps: Pick<AppDeps, "storage">): Middleware {
  return async (c, next) => {
    const task = deps.storage.tasks.byId(c.var.taskId);
    const owner = task !== undefined && task.user_id === c.var.viewer?.id;
    if (!task || (!owner && task.is_public !== 1)) return detail(c, 404, "Task not found");
    c.set("task", task);
    c.set("owner", owner);
    await next();
  };
}

/** Puts the `limit` query parameter (an integer, `fallback` when absent) on `c.var.limit`. */
export function queryLimit(
  fallback: number,
  bounds: { min?: number; max?: number } = {},
): Middleware {
  return async (c, next) => {
    const limit = queryInt(c.req.query("limit"), { name: "limit", fallback, ...bounds });
    if (typeof limit !== "number") return invalid(c, [limit]);
    c.set("limit", limit);
    await next();
  };
}

/** A 422 unless the `state` query parameter, when given, is a task state. */
export const stateQuery: Middleware = async (c, next) => {
  const state = c.req.query("state");
  const issues = state === undefined
    ? []
    : checkValue({ kind: "enum", values: STATES }, state, ["query", "state"]);
  if (issues.length) return invalid(c, issues);
  await next();
};
