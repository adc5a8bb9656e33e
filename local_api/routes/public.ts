/**
 * What anyone may read (torale-api-current.md §3.7, §3.9): the public tasks, the feed of
 * their runs that notified, one public task, its RSS feed (current generation), and the
 * service's capacity (both generations). Public reads are limited per address, after their
 * parameters validated, as slowapi's decorator counts them.
 */
import { type AppDeps, detail, invalid, type Middleware, type Router, router } from "../http.ts";
import { optionalUser } from "../middleware/auth.ts";
import { routeLimit } from "../middleware/rate_limit.ts";
import { queryLimit, taskIdParam, visibleTask } from "../middleware/task.ts";
import { currentTaskJson, feedJson } from "../shapes/current.ts";
import { rssXml } from "../shapes/rss.ts";
import type { TaskRow } from "../storage/mod.ts";
import { PUBLIC_ORDERS, type PublicOrder, PublicReads } from "../storage/public.ts";
import { checkValue, type Issue, queryInt } from "../validate.ts";

/**
 * `settings.max_users` of the real service (its default; the hosted value is not public):
 * the capacity /public/stats reports.
 */
export const MAX_USERS = 100;

/** `settings.frontend_url` of the real service (its default): where RSS items link to. */
export const FRONTEND_URL = "https://torale.ai";

/** The query of the public task list, checked together as FastAPI does (every issue at once). */
interface PublicQuery {
  offset: number;
  limit: number;
  order: PublicOrder;
}

/**
 * `offset` ≥ 0 (0), `limit` 1..100 (20), `sort_by` recent|popular. An unknown `sort_by` is a
 * 422 here: the real service's `enum=` documents it without checking it, then fails with a
 * 500 (a bug listed in torale-api-current.md §0).
 */
function publicQuery(query: (name: string) => string | undefined): PublicQuery | Issue[] {
  const offset = queryInt(query("offset"), { name: "offset", fallback: 0, min: 0 });
  const limit = queryInt(query("limit"), { name: "limit", fallback: 20, min: 1, max: 100 });
  const order = query("sort_by") ?? "recent";
  const issues = [offset, limit].filter((value): value is Issue => typeof value !== "number");
  issues.push(...checkValue({ kind: "enum", values: PUBLIC_ORDERS }, order, ["query", "sort_by"]));
  if (issues.length > 0) return issues;
  return { offset: offset as number, limit: limit as number, order: order as PublicOrder };
}

/** The current generation's public reads. */
export function publicRoutes(deps: AppDeps): Router {
  const { storage } = deps;
  const reads = new PublicReads(storage.db);
  const perAddress = (perMinute: number) => routeLimit(deps, perMinute, { by: "address" });
  const asPublic = (row: TaskRow, owner: boolean) =>
    currentTaskJson(row, {
      last: row.last_execution_id ? storage.executions.byId(row.last_execution_id) : null,
      owner,
    });
  const routes = router();

  const listQuery: Middleware = async (c, next) => {
    const parsed = publicQuery((name) => c.req.query(name));
    if (Array.isArray(parsed)) return invalid(c, parsed);
    await next();
  };
  routes.get("/api/v1/public/tasks", optionalUser(deps), listQuery, perAddress(10), (c) => {
    // Checked by listQuery before the limiter counted the request.
    const { offset, limit, order } = publicQuery((name) => c.req.query(name)) as PublicQuery;
    const { rows, total } = reads.tasks(order, limit, offset);
    const viewer = c.var.viewer?.id;
    const tasks = rows.map((row) => asPublic(row, row.user_id === viewer));
    return c.json({ tasks, total, offset, limit });
  });

  routes.get("/api/v1/public/feed", queryLimit(50, { min: 1, max: 100 }), perAddress(10), (c) => {
    return c.json(reads.feed(c.var.limit).map(feedJson));
  });

  routes.get(
    "/api/v1/public/tasks/id/:id",
    optionalUser(deps),
    taskIdParam,
    perAddress(20),
    visibleTask(deps),
    (c) => c.json(asPublic(c.var.task, c.var.owner)),
  );

  // Public or not found, whoever asks: the owner of a private task gets 404 too.
  routes.get("/tasks/:id/rss", taskIdParam, perAddress(10), (c) => {
    const task = storage.tasks.byId(c.var.taskId);
    if (!task || task.is_public !== 1) return detail(c, 404, "Task not found");
    // As the real service: its own URL as the request reached it, then http:// made https://.
    const feedUrl = `${new URL(c.req.url).origin}/tasks/${task.id}/rss`.replace(
      "http://",
      "https://",
    );
    const xml = rssXml(task, reads.rssRuns(task.id), {
      frontendUrl: deps.frontendUrl ?? FRONTEND_URL,
      feedUrl,
    });
    return c.body(xml, 200, { "Content-Type": "application/rss+xml" });
  });

  return routes;
}

/** GET /public/stats (both generations): the beta's capacity in users. */
export function statsRoutes(deps: Pick<AppDeps, "storage">): Router {
  const reads = new PublicReads(deps.storage.db);
  const routes = router();
  routes.get("/public/stats", (c) => {
    const current = reads.activeUsers();
    return c.json({
      capacity: {
        max_users: MAX_USERS,
        current_users: current,
        available_slots: Math.max(0, MAX_USERS - current),
      },
    });
  });
  return routes;
}
