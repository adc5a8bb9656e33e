/**
 * The runs of a task on the current generation (torale-api-current.md §3.2, §4.2, §5.5):
 * execute (a forced manual run) and the lists of runs, readable by anyone on a public task.
 */
import { type AppDeps, detail, internalError, type Router, router } from "../http.ts";
import { optionalUser, requireUser } from "../middleware/auth.ts";
import { ownedTask, queryLimit, taskIdParam, visibleTask } from "../middleware/task.ts";
import { startManualRun } from "../runs/current.ts";
import { runJson } from "../shapes/current.ts";

/** POST …/execute, GET …/executions and GET …/notifications (the runs that notified). */
export function currentRunRoutes(deps: AppDeps): Router {
  const { storage } = deps;
  const routes = router();

  // Any state, never a 409, and ?suppress_notifications is ignored like any unknown parameter.
  routes.post(
    "/api/v1/tasks/:id/execute",
    requireUser(deps, "api"),
    taskIdParam,
    ownedTask(deps),
    (c) => {
      // The task may be deleted after the lookup, by another server on the same file.
      const run = startManualRun(storage, deps.worker, c.var.task.id);
      return run ? c.json(runJson(run)) : detail(c, 404, "Task not found");
    },
  );

  const viewer = optionalUser(deps);
  const visible = visibleTask(deps);
  for (const [path, filter] of [["executions", "all"], ["notifications", "notified"]] as const) {
    routes.get(`/api/v1/tasks/:id/${path}`, viewer, taskIdParam, queryLimit(100), visible, (c) => {
      // No bounds: a negative LIMIT reaches Postgres and fails there.
      if (c.var.limit < 0) return internalError(c);
      const rows = storage.executions.listOf(c.var.task.id, { limit: c.var.limit, filter });
      return c.json(rows.map((row) => runJson(row, { owner: c.var.owner })));
    });
  }

  return routes;
}
