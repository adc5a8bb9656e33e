/** The runs of a task: execute, and the lists of runs (torale-api.md §3.2, §4.2). */
import { type AppDeps, internalError, invalid, type Router, router } from "../http.ts";
import { requireUser } from "../middleware/auth.ts";
import { ownedTask, taskIdParam } from "../middleware/task.ts";
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
    return c.json(executionJson(deps.worker.start(c.var.task.id)));
  });

  for (const [path, onlyMet] of [["executions", false], ["notifications", true]] as const) {
    routes.get(`/api/v1/tasks/:id/${path}`, user, taskIdParam, owned, (c) => {
      const raw = c.req.query("limit") ?? "100";
      if (!/^-?\d+$/.test(raw.trim())) {
        return invalid(c, [{
          type: "int_parsing",
          loc: ["query", "limit"],
          msg: "Input should be a valid integer, unable to parse string as an integer",
          input: raw,
        }]);
      }
      const limit = Number(raw);
      // A negative LIMIT reaches Postgres at 68b and fails there.
      if (limit < 0) return internalError(c);
      const filter = onlyMet ? "met" : "all";
      const rows = deps.storage.executions.listOf(c.var.task.id, { limit, filter });
      return c.json(rows.map((row) => executionJson(row)));
    });
  }

  return routes;
}
