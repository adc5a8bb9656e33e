/**
 * /api/v1/tasks of the current generation (torale-api-current.md §3.2): create, list, read,
 * update and delete. Trailing-slash redirects come from the app's fallback, as in Starlette.
 */
import { type AppDeps, type Ctx, detail, internalError, type Router, router } from "../http.ts";
import { optionalUser, requireUser } from "../middleware/auth.ts";
import { bodyLimit, jsonBody, jsonSyntax, refuseNul } from "../middleware/body.ts";
import { routeLimit } from "../middleware/rate_limit.ts";
import { ownedTask, stateQuery, taskIdParam, visibleTask } from "../middleware/task.ts";
import { startManualRun } from "../runs/current.ts";
import { currentTaskJson } from "../shapes/current.ts";
import { isoZ, type Storage, type TaskChanges, type TaskRow } from "../storage/mod.ts";
import {
  checkNotifications,
  currentCreateSchema,
  currentUpdateSchema,
  transitionProblem,
} from "../task_rules.ts";

type Json = Record<string, unknown>;

/** `MAX_ACTIVE_TASKS_PER_USER` of the real service. */
export const MAX_ACTIVE_TASKS = 50;

/** A job needs a name: what the real scheduler says when activating a task with "". */
const NAMELESS_JOB = "Cannot activate task: missing task_name, user_id, or next_run";

/** The fields of TaskUpdate; any other key of a PUT body is ignored. */
const UPDATE_FIELDS = Object.keys(currentUpdateSchema);

/** `now` plus the real service's one minute until a new or resumed task's first run. */
function inAMinute(now: Date): string {
  return isoZ(new Date(now.getTime() + 60_000));
}

/** A PUT's refusal after its fields were written: rolls them back, then answers. */
class Refusal extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The current generation's task routes. */
export function currentTaskRoutes(deps: AppDeps): Router {
  const { storage } = deps;
  const user = requireUser(deps, "api");
  const owned = ownedTask(deps);
  const withLastRun = (row: TaskRow, owner = true) =>
    currentTaskJson(row, {
      last: row.last_execution_id ? storage.executions.byId(row.last_execution_id) : null,
      owner,
    });
  const routes = router();

  // A NUL passes upstream's validation and its limiter counts it (then the INSERT fails).
  const create = jsonBody(currentCreateSchema, { jsonOnly: true, nulLater: true });
  const limit = routeLimit(deps, 10);
  const nul = refuseNul(currentCreateSchema);
  routes.post("/api/v1/tasks/", bodyLimit, jsonSyntax, user, create, limit, nul, (c) => {
    const input = c.var.body as Json;
    const state = (input.state as string | undefined) ?? "active";
    if (state === "active" && storage.current.countActive(c.var.user.id) >= MAX_ACTIVE_TASKS) {
      return detail(
        c,
        429,
        `Maximum of ${MAX_ACTIVE_TASKS} active tasks reached. Complete or pause existing tasks first.`,
      );
    }
    const notifications = checkNotifications((input.notifications as Json[] | undefined) ?? []);
    if (notifications.error) return detail(c, 400, notifications.error);
    const now = new Date();
    const name = (input.name as string | undefined) ?? "New Monitor";
    const row = storage.current.insert({
      id: crypto.randomUUID(),
      user_id: c.var.user.id,
      name,
      state,
      search_query: input.search_query as string,
      condition_description: (input.condition_description as string | null) ||
        (input.search_query as string),
      notifications: JSON.stringify(notifications.value),
      context: input.context == null ? null : JSON.stringify(input.context),
      attached_connector_slugs: JSON.stringify(input.attached_connector_slugs ?? []),
      next_run: inAMinute(now),
      has_schedule: state === "active" ? 1 : 0,
      forked_from_task_id: null,
    }, isoZ(now));
    if (state === "active" && name === "") {
      storage.tasks.delete(row.id);
      return detail(c, 500, `Failed to create schedule: ${NAMELESS_JOB}`);
    }
    if (input.run_immediately === true) startManualRun(storage, deps.worker, row.id);
    return c.json(currentTaskJson(row));
  });

  routes.get("/api/v1/tasks/", user, stateQuery, (c) => {
    const rows = storage.tasks.listOf(c.var.user.id, c.req.query("state"));
    return c.json(rows.map((row) => withLastRun(row)));
  });

  routes.get(
    "/api/v1/tasks/:id",
    optionalUser(deps),
    taskIdParam,
    visibleTask(deps),
    (c) => c.json(withLastRun(c.var.task, c.var.owner)),
  );

  const update = jsonBody(currentUpdateSchema, { jsonOnly: true });
  routes.put("/api/v1/tasks/:id", bodyLimit, jsonSyntax, user, taskIdParam, update, owned, (c) => {
    const input = c.var.body as Json;
    if (!UPDATE_FIELDS.some((field) => field in input)) return c.json(currentTaskJson(c.var.task));
    const answer = updateTask(c, storage);
    return answer ?? c.json(withLastRun(storage.tasks.byId(c.var.task.id)!));
  });

  routes.delete("/api/v1/tasks/:id", user, taskIdParam, owned, (c) => {
    storage.tasks.delete(c.var.task.id);
    // FastAPI keeps the route's media type on its empty 204.
    return c.body(null, 204, { "Content-Type": "application/json" });
  });

  return routes;
}

/**
 * PUT with at least one known field: writes the fields, then moves the state. A refused
 * transition rolls every field back (400, or 500 for a nameless job); a null state keeps the
 * fields and fails afterwards, as the real service's unhandled ValueError does. Returns the
 * refusal, or undefined when the caller should answer with the fresh task.
 */
function updateTask(c: Ctx, storage: Storage): Response | undefined {
  const { task } = c.var;
  const input = c.var.body as Json;
  const changes: TaskChanges = {};
  for (const field of ["name", "search_query", "condition_description"] as const) {
    if (field in input) changes[field] = input[field] as string | null;
  }
  if ("notifications" in input) {
    // The real service iterates the list before writing anything: null is a TypeError.
    if (input.notifications === null) return internalError(c);
    const checked = checkNotifications(input.notifications as Json[]);
    if (checked.error) return detail(c, 400, checked.error);
    changes.notifications = JSON.stringify(checked.value);
  }
  for (const field of ["context", "attached_connector_slugs"] as const) {
    if (field in input) {
      changes[field] = input[field] === null ? null : JSON.stringify(input[field]);
    }
  }
  const target = input.state as string | null | undefined;
  const now = new Date();
  const at = isoZ(now);
  try {
    storage.transaction(() => {
      if (Object.keys(changes).length > 0) storage.current.update(task, changes, at);
      if (target === undefined || target === null || target === task.state) return;
      const refused = transitionProblem(task.state, target);
      if (refused) throw new Refusal(400, refused);
      if (target === "active" && (changes.name ?? task.name) === "") {
        throw new Refusal(
          500,
          `Failed to change task state: ${NAMELESS_JOB}. Task update rolled back.`,
        );
      }
      storage.current.setState(task.id, target, at);
      if (target === "active") {
        storage.current.scheduleJob(task.id, inAMinute(now), {
          executionId: task.job_execution_id ?? undefined,
          now: at,
        });
      }
      if (target === "completed") storage.current.removeJob(task.id);
    });
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    // The real rollback is itself an UPDATE, so updated_at still moves.
    storage.current.touch(task.id, at);
    return detail(c, error.status, error.message);
  }
  return target === null ? internalError(c) : undefined;
}
