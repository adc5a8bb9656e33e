/** The runs of a task: execute, and the lists of runs (torale-api.md §3.2, §4.2). */
import { type AppDeps, detail, internalError, invalid, type Router, router } from "../http.ts";
import { requireUser } from "../middleware/auth.ts";
import { ownedTask, queryLimit, taskIdParam } from "../middleware/task.ts";
import { executionJson } from "../shapes/tasks.ts";

/** POST …/execute, GET …/executions and GET …/notifications (the runs whose condition was met). */
export function executionRoutes(deps: AppDeps): Router {
  const user = requireUser(deps, "api");
  const owned = ownedTask(deps);
  const routes = router();

  routes.post("/api/v1/tasks/:id/execute", user, taskIdParam, owned, (c) => {
    const suppress = c.req.query("suppress_notifications");
    if (suppress !== undefined && !/^(true|false|1|0|yes|no|on|off)$/i.test(suppress)) {
      return invalid(c, [{
        type: "bool_parsing",
        loc: ["query", "suppress_notifications"],
        msg: "Input should be a valid boolean, unable to interpret input",
        input: suppress,
      }]);
    }
    // The task may be deleted after the lookup, by another server on the same file.
    const run = deps.worker.start(c.var.task.id);
    return run ? c.json(executionJson(run)) : detail(c, 404, "Task not found");
  });

  for (const [path, filter] of [["executions", "all"], ["notifications", "met"]] as const) {
    routes.get(`/api/v1/tasks/:id/${path}`, user, taskIdParam, owned, queryLimit(100), (c) => {
      const { limit } = c.var;
      // A negative LIMIT reaches Postgres in classic and fails there.
      if (limit < 0) return internalError(c);
      const rows = deps.storage.executions.listOf(c.var.task.id, { limit, filter });
      return c.json(rows.map((row) => executionJson(row)));
    });
  }

  return routes;
}
