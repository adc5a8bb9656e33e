/** The `:id` of task routes: parsed as a UUID (422), then looked up among the user's tasks (404). */
import { type AppDeps, detail, invalid, type Middleware } from "../http.ts";
import { parseUuid } from "../validate.ts";

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
