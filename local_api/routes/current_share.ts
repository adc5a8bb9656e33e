/**
 * What the current generation added around sharing (torale-api-current.md §3.2): the user's
 * feed of notifying runs, a task's visibility, and forks of one's own or public tasks.
 */
import { type AppDeps, detail, type Router, router } from "../http.ts";
import { requireUser } from "../middleware/auth.ts";
import { bodyLimit, jsonBody, jsonSyntax } from "../middleware/body.ts";
import { ownedTask, queryLimit, taskIdParam, visibleTask } from "../middleware/task.ts";
import { currentTaskJson, feedJson } from "../shapes/current.ts";
import { isoZ, type TaskRow, UniqueViolation } from "../storage/mod.ts";
import { forkSchema, visibilitySchema } from "../task_rules.ts";
import { laxBool } from "../validate.ts";

/** The names a fork tries in turn: a custom name three times, or "(Copy)", "(Copy 2)", "(Copy 3)". */
function forkNames(source: TaskRow, requested: string | null | undefined): string[] {
  return requested
    ? [requested, requested, requested]
    : [`${source.name} (Copy)`, `${source.name} (Copy 2)`, `${source.name} (Copy 3)`];
}

/** GET /api/v1/tasks/feed, PATCH …/visibility and POST …/fork. */
export function currentShareRoutes(deps: AppDeps): Router {
  const { storage } = deps;
  const user = requireUser(deps, "api");
  const routes = router();

  routes.get("/api/v1/tasks/feed", user, queryLimit(50, { min: 1, max: 100 }), (c) => {
    return c.json(storage.executions.feedOf(c.var.user.id, c.var.limit).map(feedJson));
  });

  routes.patch(
    "/api/v1/tasks/:id/visibility",
    bodyLimit,
    jsonSyntax,
    user,
    taskIdParam,
    jsonBody(visibilitySchema, { jsonOnly: true }),
    ownedTask(deps),
    (c) => {
      const isPublic = laxBool((c.var.body as { is_public: unknown }).is_public)!;
      storage.current.setVisibility(c.var.task.id, isPublic, isoZ());
      return c.json({ is_public: isPublic });
    },
  );

  routes.post(
    "/api/v1/tasks/:id/fork",
    bodyLimit,
    jsonSyntax,
    user,
    taskIdParam,
    jsonBody(forkSchema, { jsonOnly: true }),
    visibleTask(deps),
    (c) => {
      const { task: source, owner } = c.var;
      const requested = (c.var.body as { name?: string | null }).name;
      for (const name of forkNames(source, requested)) {
        const now = isoZ();
        try {
          const fork = storage.transaction(() => {
            if (!owner) storage.current.addSubscriber(source.id, now);
            return storage.current.insert({
              id: crypto.randomUUID(),
              user_id: c.var.user.id,
              name,
              state: "paused",
              search_query: source.search_query,
              condition_description: source.condition_description,
              // Someone else's notification targets stay theirs.
              notifications: owner ? source.notifications : "[]",
              context: null,
              attached_connector_slugs: "[]",
              next_run: null,
              has_schedule: 0,
              forked_from_task_id: source.id,
            }, now);
          });
          return c.json(currentTaskJson(fork));
        } catch (error) {
          if (!(error instanceof UniqueViolation)) throw error;
        }
      }
      return detail(
        c,
        409,
        "Failed to generate unique task name after multiple attempts. Please provide a custom name.",
      );
    },
  );

  return routes;
}
