/** /api/v1/tasks: the classic generation's task routes (torale-api.md §3.2). */
import { cronProblem } from "../cron.ts";
import { type AppDeps, type Ctx, detail, internalError, type Router, router } from "../http.ts";
import { requireUser } from "../middleware/auth.ts";
import { bodyLimit, jsonBody } from "../middleware/body.ts";
import { ownedTask, stateQuery, taskIdParam } from "../middleware/task.ts";
import { taskJson } from "../shapes/tasks.ts";
import { isoZ, type TaskChanges, type TaskRow, type TaskStore } from "../storage/mod.ts";
import {
  checkNotifications,
  createSchema,
  NOT_NULLABLE,
  transitionProblem,
  updateSchema,
} from "../task_rules.ts";

type Json = Record<string, unknown>;

/** The text columns a PUT copies as given. */
const TEXT_FIELDS = [
  "name",
  "schedule",
  "search_query",
  "condition_description",
  "notify_behavior",
] as const;

/** Redirects to `path` on the same origin, keeping the query (FastAPI's slash redirects). */
function redirect(c: Ctx, path: (pathname: string) => string): Response {
  const url = new URL(c.req.url);
  return c.body(null, 307, { Location: `${url.origin}${path(url.pathname)}${url.search}` });
}

/** The task routes: the collection at a trailing slash, items without one. */
export function taskRoutes(deps: AppDeps): Router {
  const { tasks, executions } = deps.storage;
  const user = requireUser(deps, "api");
  const owned = ownedTask(deps);
  const withLastRun = (row: TaskRow) =>
    taskJson(row, row.last_execution_id ? executions.byId(row.last_execution_id) : null);
  const routes = router();

  routes.on(["GET", "POST"], "/api/v1/tasks", (c) => redirect(c, () => "/api/v1/tasks/"));

  routes.get(
    "/api/v1/tasks/",
    user,
    stateQuery,
    (c) => c.json(tasks.listOf(c.var.user.id, c.req.query("state")).map(withLastRun)),
  );

  routes.post("/api/v1/tasks/", user, bodyLimit, jsonBody(createSchema), (c) => {
    const input = c.var.body as Json;
    const notifications = checkNotifications((input.notifications as Json[] | undefined) ?? []);
    if (notifications.error) return detail(c, 400, notifications.error);
    const state = (input.state as string | undefined) ?? "active";
    if (state === "active") {
      const problem = cronProblem(input.schedule as string);
      if (problem) return detail(c, 500, `Failed to create schedule: ${problem}`);
    }
    const row = tasks.insert({
      id: crypto.randomUUID(),
      user_id: c.var.user.id,
      name: input.name as string,
      schedule: input.schedule as string,
      executor_type: (input.executor_type as string | undefined) ?? "llm_grounded_search",
      config: JSON.stringify(input.config),
      state,
      search_query: input.search_query as string,
      condition_description: input.condition_description as string,
      notify_behavior: (input.notify_behavior as string | undefined) ?? "once",
      notifications: JSON.stringify(notifications.value),
      has_schedule: state === "active" ? 1 : 0,
    }, isoZ());
    if (input.run_immediately === true) deps.worker.start(row.id);
    return c.json(taskJson(row));
  });

  routes.on(
    ["GET", "PUT", "DELETE"],
    "/api/v1/tasks/:id/",
    (c) => redirect(c, (pathname) => pathname.replace(/\/+$/, "")),
  );

  routes.get("/api/v1/tasks/:id", user, taskIdParam, owned, (c) => c.json(withLastRun(c.var.task)));

  // The body is validated before the task is looked up: a 422 wins over a 404, as in classic.
  routes.put(
    "/api/v1/tasks/:id",
    user,
    taskIdParam,
    bodyLimit,
    jsonBody(updateSchema),
    owned,
    (c) => updateTask(c, tasks),
  );

  routes.delete("/api/v1/tasks/:id", user, taskIdParam, owned, (c) => {
    tasks.delete(c.var.task.id);
    // FastAPI keeps the route's media type on its empty 204.
    return c.body(null, 204, { "Content-Type": "application/json" });
  });

  return routes;
}

/**
 * PUT: writes only the fields given, then runs the state machine. As in classic, the fields stay
 * saved when the state change then fails, and the answer's state_changed_at is still the
 * pre-transition value.
 */
function updateTask(c: Ctx, tasks: TaskStore): Response {
  const { task } = c.var;
  const input = c.var.body as Json;
  if (NOT_NULLABLE.some((field) => input[field] === null)) return internalError(c);
  const changes: TaskChanges = {};
  for (const field of TEXT_FIELDS) {
    if (input[field] !== undefined) changes[field] = input[field] as string | null;
  }
  if (input.config !== undefined) changes.config = JSON.stringify(input.config);
  if (input.notifications !== undefined) {
    const checked = checkNotifications(input.notifications as Json[]);
    if (checked.error) return detail(c, 400, checked.error);
    changes.notifications = JSON.stringify(checked.value);
  }
  const now = isoZ();
  if (Object.keys(changes).length > 0 || input.state !== undefined) changes.updated_at = now;
  tasks.update(task.id, changes);
  const response = taskJson(tasks.byId(task.id)!);
  const target = input.state as string | undefined;
  if (target === undefined || target === task.state) return c.json(response);
  const refused = transitionProblem(task.state, target);
  if (refused) return detail(c, 400, refused);
  if (target === "active" && !task.has_schedule) {
    const problem = cronProblem(changes.schedule ?? task.schedule ?? "");
    if (problem) {
      return detail(c, 500, `Failed to change task state: ${problem}. Task update rolled back.`);
    }
  }
  tasks.setState(task.id, target, now);
  return c.json({ ...response, state: target });
}
