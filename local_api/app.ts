/** The local API as one hono app: middleware, then each resource's routes, then 404/405. */
import { type AppDeps, type Ctx, internalError, type Router, router } from "./http.ts";
import { requestLog } from "./middleware/log.ts";
import { rateLimit } from "./middleware/rate_limit.ts";
import { securityHeaders } from "./middleware/security_headers.ts";
import { authRoutes } from "./routes/auth.ts";
import { connectorRoutes } from "./routes/connectors.ts";
import { currentRunRoutes } from "./routes/current_runs.ts";
import { currentShareRoutes } from "./routes/current_share.ts";
import { currentTaskRoutes } from "./routes/current_tasks.ts";
import { emailRoutes } from "./routes/emails.ts";
import { executionRoutes } from "./routes/executions.ts";
import { healthRoutes } from "./routes/health.ts";
import { previewRoutes } from "./routes/preview.ts";
import { publicRoutes, statsRoutes } from "./routes/public.ts";
import { taskRoutes } from "./routes/tasks.ts";
import { templateRoutes } from "./routes/templates.ts";
import { webhookRoutes } from "./routes/webhooks.ts";

/**
 * Classic: each path of the real service's routes and the method of the first route that
 * matches it, which Starlette names in `Allow` on a 405 (the routers' order at 68b3320).
 */
const CLASSIC_PATHS: [RegExp, string][] = [
  [/^\/health$/, "GET"],
  [/^\/auth\/me$/, "GET"],
  [/^\/auth\/api-keys$/, "POST"],
  [/^\/auth\/api-keys\/[^/]+$/, "DELETE"],
  [/^\/api\/v1\/tasks\/?$/, "POST"],
  [/^\/api\/v1\/tasks\/(suggest|preview)$/, "POST"],
  [/^\/api\/v1\/tasks\/[^/]+\/?$/, "GET"],
  [/^\/api\/v1\/tasks\/[^/]+\/execute\/?$/, "POST"],
  [/^\/api\/v1\/tasks\/[^/]+\/(executions|notifications)\/?$/, "GET"],
  [/^\/api\/v1\/templates\/([^/]+)?$/, "GET"],
  [/^\/api\/v1\/email-verification\/(send|verify)$/, "POST"],
  [/^\/api\/v1\/email-verification\/verified-emails$/, "GET"],
  [/^\/api\/v1\/email-verification\/verified-emails\/[^/]+$/, "DELETE"],
  [/^\/api\/v1\/webhooks\/(config|deliveries)$/, "GET"],
  [/^\/api\/v1\/webhooks\/(test|verify)$/, "POST"],
  [/^\/api\/v1\/notifications\/sends$/, "GET"],
  [/^\/public\/stats$/, "GET"],
];

/**
 * Current: each path of the real service's routes and the method of the first route that
 * matches it, which Starlette names in `Allow` on a 405. `POST …/preview` and `…/suggest`
 * match `GET /api/v1/tasks/{task_id}`, so they get `Allow: GET`.
 */
const CURRENT_PATHS: [RegExp, string][] = [
  [/^\/health$/, "GET"],
  [/^\/auth\/me$/, "GET"],
  [/^\/auth\/mark-welcome-seen$/, "POST"],
  [/^\/auth\/api-keys$/, "POST"],
  [/^\/auth\/api-keys\/[^/]+$/, "DELETE"],
  [/^\/api\/v1\/tasks\/$/, "POST"],
  [/^\/api\/v1\/tasks\/feed$/, "GET"],
  [/^\/api\/v1\/tasks\/[^/]+$/, "GET"],
  [/^\/api\/v1\/tasks\/[^/]+\/visibility$/, "PATCH"],
  [/^\/api\/v1\/tasks\/[^/]+\/(fork|execute)$/, "POST"],
  [/^\/api\/v1\/tasks\/[^/]+\/(executions|notifications)$/, "GET"],
  [/^\/api\/v1\/templates\/[^/]*$/, "GET"],
  [/^\/api\/v1\/email-verification\/(send|verify)$/, "POST"],
  [/^\/api\/v1\/email-verification\/verified-emails$/, "GET"],
  [/^\/api\/v1\/email-verification\/verified-emails\/[^/]+$/, "DELETE"],
  [/^\/api\/v1\/webhooks\/(config|deliveries)$/, "GET"],
  [/^\/api\/v1\/webhooks\/(test|verify)$/, "POST"],
  [/^\/api\/v1\/notifications\/sends$/, "GET"],
  [/^\/api\/v1\/public\/(tasks|feed)$/, "GET"],
  [/^\/api\/v1\/public\/tasks\/id\/[^/]+$/, "GET"],
  [/^\/tasks\/[^/]+\/rss$/, "GET"],
  [/^\/public\/stats$/, "GET"],
  // In the router's order: `/callback` matches `DELETE /{toolkit_slug}` first.
  [/^\/api\/v1\/connectors\/available$/, "GET"],
  [/^\/api\/v1\/connectors$/, "GET"],
  [/^\/api\/v1\/connectors\/[^/]+\/connect$/, "POST"],
  [/^\/api\/v1\/connectors\/[^/]+$/, "DELETE"],
];

function allowOf(path: string): string | undefined {
  return CURRENT_PATHS.find(([pattern]) => pattern.test(path))?.[1];
}

/**
 * Current: what Starlette does when no route answered. A known path → 405 with `Allow`; the
 * same path with or without a trailing slash known → 307 there, method and body kept; else 404.
 */
function currentFallback(c: Ctx): Response {
  const url = new URL(c.req.url);
  const allow = allowOf(url.pathname);
  if (allow) return c.json({ detail: "Method Not Allowed" }, 405, { Allow: allow });
  const other = url.pathname.endsWith("/") ? url.pathname.slice(0, -1) : `${url.pathname}/`;
  if (allowOf(other)) {
    return c.body(null, 307, { Location: `${url.origin}${other}${url.search}` });
  }
  return c.json({ detail: "Not Found" }, 404);
}

/** Builds the app of the generation `deps` names (torale-api.md or torale-api-current.md). */
export function createApp(
  deps: AppDeps,
  options: {
    rateLimit?: number;
    log?: (line: string) => void;
    /** Receives each email verification code instead of a mail (default: the log). */
    onCode?: (email: string, code: string) => void;
  } = {},
): Router {
  const app = router();
  if (options.log) app.use("*", requestLog(options.log));
  if (deps.generation === "current") app.use("*", securityHeaders());
  if (options.rateLimit !== undefined) app.use("*", rateLimit(options.rateLimit));

  app.route("/", healthRoutes(deps.generation));
  app.route("/", authRoutes(deps));
  app.route("/", templateRoutes(deps));
  app.route(
    "/",
    emailRoutes(
      deps,
      options.onCode ??
        ((email, code) => options.log?.(`email verification code for ${email}: ${code}`)),
    ),
  );
  app.route("/", webhookRoutes(deps));
  app.route("/", statsRoutes(deps));
  // The routes that differ between API generations (torale-api-current.md §6 lists them).
  if (deps.generation === "current") {
    // The feed first: `/api/v1/tasks/feed` would otherwise be read as a task id.
    app.route("/", currentShareRoutes(deps));
    app.route("/", currentTaskRoutes(deps));
    app.route("/", currentRunRoutes(deps));
    app.route("/", publicRoutes(deps));
    app.route("/", connectorRoutes(deps));
    app.notFound(currentFallback);
  } else {
    app.route("/", taskRoutes(deps));
    app.route("/", previewRoutes(deps));
    app.route("/", executionRoutes(deps));
    app.notFound((c) => {
      const allow = CLASSIC_PATHS.find(([pattern]) => pattern.test(c.req.path))?.[1];
      return allow
        ? c.json({ detail: "Method Not Allowed" }, 405, { Allow: allow })
        : c.json({ detail: "Not Found" }, 404);
    });
  }
  app.onError((error, c) => {
    options.log?.(`error: ${error.stack ?? error}`);
    return internalError(c);
  });
  return app;
}
