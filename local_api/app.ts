/** The local API as one hono app: middleware, then each resource's routes, then 404/405. */
import { type AppDeps, type Router, router } from "./http.ts";
import { requestLog } from "./middleware/log.ts";
import { rateLimit } from "./middleware/rate_limit.ts";
import { authRoutes } from "./routes/auth.ts";
import { executionRoutes } from "./routes/executions.ts";
import { healthRoutes } from "./routes/health.ts";
import { previewRoutes } from "./routes/preview.ts";
import { taskRoutes } from "./routes/tasks.ts";

/** Paths that exist under some method: another method gets 405, as from FastAPI. */
const KNOWN = [
  /^\/health$/,
  /^\/auth\/me$/,
  /^\/auth\/api-keys(\/[^/]+)?$/,
  /^\/api\/v1\/tasks\/?$/,
  /^\/api\/v1\/tasks\/[^/]+(\/(execute|executions|notifications))?\/?$/,
];

/** Builds the app of the 68b generation (torale-api.md). */
export function createApp(
  deps: AppDeps,
  options: { rateLimit?: number; log?: (line: string) => void } = {},
): Router {
  const app = router();
  if (options.log) app.use("*", requestLog(options.log));
  if (options.rateLimit !== undefined) app.use("*", rateLimit(options.rateLimit));

  app.route("/", healthRoutes());
  app.route("/", authRoutes(deps));
  // The routes that differ between API generations (torale-api-current.md): a second
  // generation mounts its own task, run and preview routes in place of these.
  app.route("/", taskRoutes(deps));
  app.route("/", previewRoutes(deps));
  app.route("/", executionRoutes(deps));

  app.notFound((c) => {
    const known = KNOWN.some((pattern) => pattern.test(c.req.path));
    return known
      ? c.json({ detail: "Method Not Allowed" }, 405)
      : c.json({ detail: "Not Found" }, 404);
  });
  app.onError((error, c) => {
    options.log?.(`error: ${error.stack ?? error}`);
    return c.text("Internal Server Error", 500);
  });
  return app;
}
