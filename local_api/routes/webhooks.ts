/**
 * Webhooks and notification history (torale-api.md §3.3; torale-api-current.md §3.3, §3.4),
 * for both generations: the user-level config, a test delivery, the verification echo, the
 * delivery log and the notification sends.
 *
 * Loopback: the config accepts http URLs as the real service does (only a task's webhook
 * notification must be https, task_rules.ts), so a receiver on 127.0.0.1 can be the
 * account's webhook and the worker delivers to it (notifier.ts).
 */
import {
  type AppDeps,
  type Ctx,
  detail,
  internalError,
  invalid,
  type Middleware,
  type Router,
  router,
} from "../http.ts";
import { requireUser } from "../middleware/auth.ts";
import { bodyLimit, jsonBody, jsonSyntax } from "../middleware/body.ts";
import { routeLimit } from "../middleware/rate_limit.ts";
import { queryLimit } from "../middleware/task.ts";
import { deliver, testBody } from "../notifier.ts";
import type { WebhookConfig } from "../storage/mod.ts";
import { type Issue, laxBool, parseUuid, queryInt } from "../validate.ts";

type Json = Record<string, unknown>;

/** pydantic's HttpUrl: an http(s) URL with a host, normalised (a bare host gains `/`). */
function httpUrl(value: unknown, loc: (string | number)[]): string | Issue {
  if (typeof value !== "string") {
    return { type: "url_type", loc, msg: "URL input should be a string or URL", input: value };
  }
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !url.hostname) {
    return {
      type: "url_parsing",
      loc,
      msg: "Input should be a valid URL, relative URL without a base",
      input: value,
      ctx: { error: "relative URL without a base" },
    };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return {
      type: "url_scheme",
      loc,
      msg: "URL scheme should be 'http' or 'https'",
      input: value,
      ctx: { expected_schemes: "'http' or 'https'" },
    };
  }
  return url.href;
}

/** The config as the routes answer it. */
function configJson(config: WebhookConfig): Json {
  return { url: config.url, secret: config.secret, enabled: config.enabled };
}

/** A `task_id` query parameter: undefined when absent, a canonical id, or a response. */
function taskIdQuery(
  c: Ctx,
  deps: AppDeps,
): { id?: string } | Response {
  const raw = c.req.query("task_id");
  if (raw === undefined || raw === "") return {};
  const parsed = parseUuid(raw, "task_id");
  // The real service passes the text to asyncpg, which fails: an unhandled 500.
  if (typeof parsed !== "string") return internalError(c);
  if (!deps.storage.tasks.ownedBy(parsed, c.var.user.id)) return detail(c, 404, "Task not found");
  return { id: parsed };
}

/** The routes of `/api/v1/webhooks` and `/api/v1/notifications`. */
export function webhookRoutes(deps: AppDeps): Router {
  const { storage, generation } = deps;
  const user = requireUser(deps, "api");
  const current = generation === "current";
  // Current: malformed JSON is refused before auth; classic checks auth first (§3.0 / §2).
  const body = (schema: Parameters<typeof jsonBody>[0]) =>
    current
      ? chain(bodyLimit, jsonSyntax, user, jsonBody(schema))
      : chain(user, bodyLimit, jsonBody(schema));
  const routes = router();

  routes.get("/api/v1/webhooks/config", user, (c) => {
    return c.json(configJson(storage.webhooks.config(c.var.user.id)));
  });

  routes.put(
    "/api/v1/webhooks/config",
    body({
      webhook_url: { rule: { kind: "string" }, nullable: true },
      enabled: { rule: { kind: "laxBool" } },
    }),
    (c) => {
      const input = c.var.body as Json;
      let url: string | null = null;
      if (input.webhook_url !== undefined && input.webhook_url !== null) {
        const parsed = httpUrl(input.webhook_url, ["body", "webhook_url"]);
        if (typeof parsed !== "string") return invalid(c, [parsed]);
        url = parsed;
      }
      const enabled = laxBool(input.enabled) ?? false;
      return c.json(configJson(storage.webhooks.putConfig(c.var.user.id, url, enabled)));
    },
  );

  routes.post(
    "/api/v1/webhooks/test",
    body({
      webhook_url: { rule: { kind: "string" }, required: true },
      webhook_secret: { rule: { kind: "string" }, required: true },
    }),
    routeLimit(deps, 5),
    async (c) => {
      const input = c.var.body as Json;
      const url = httpUrl(input.webhook_url, ["body", "webhook_url"]);
      if (typeof url !== "string") return invalid(c, [url]);
      const payload = testBody(generation);
      const outcome = await deliver(url, String(input.webhook_secret), payload, {
        deliveryId: JSON.parse(payload).id,
      });
      if (outcome.error !== null) {
        return detail(c, 400, `Webhook delivery failed: ${outcome.error}`);
      }
      return c.json({
        success: true,
        message: `Webhook delivered successfully (HTTP ${outcome.status})`,
      });
    },
  );

  // No auth: a receiver's URL-verification handshake.
  routes.post("/api/v1/webhooks/verify", bodyLimit, (c) => {
    let value: unknown;
    try {
      value = JSON.parse(c.var.text);
    } catch {
      return detail(c, 400, "Invalid verification request: not valid JSON");
    }
    const input = (value !== null && typeof value === "object" ? value : {}) as Json;
    if ("challenge" in input) return c.json({ challenge: input.challenge });
    if (input.type === "url_verification") return c.json({ challenge: "" });
    return c.json({ message: "Verification endpoint" });
  });

  routes.get("/api/v1/webhooks/deliveries", user, queryLimit(50), (c) => {
    const task = taskIdQuery(c, deps);
    if (task instanceof Response) return task;
    if (c.var.limit < 0) return internalError(c);
    return c.json(
      storage.webhooks.deliveries(c.var.user.id, { taskId: task.id, limit: c.var.limit })
        .map((row) => ({ ...row, ...dictTimes(row) })),
    );
  });

  routes.get("/api/v1/notifications/sends", user, queryLimit(50), (c) => {
    const raw = c.req.query("task_id");
    let taskId: string | undefined;
    if (raw !== undefined && raw !== "") {
      const parsed = parseUuid(raw, "task_id");
      if (typeof parsed !== "string") return internalError(c);
      taskId = parsed;
    }
    const offset = queryInt(c.req.query("offset"), { name: "offset", fallback: 0 });
    if (typeof offset !== "number") return invalid(c, [offset]);
    if (c.var.limit < 0 || offset < 0) return internalError(c);
    const found = storage.webhooks.sends(c.var.user.id, {
      taskId,
      type: c.req.query("notification_type") || undefined,
      limit: c.var.limit,
      offset,
    });
    return c.json({
      sends: found.sends.map((row) => ({ ...row, ...dictTimes(row) })),
      total: found.total,
    });
  });

  return routes;
}

/** Several middlewares as one, run in order; the first to answer ends the chain. */
function chain(...steps: Middleware[]): Middleware {
  return async (c, next) => {
    const at = async (index: number): Promise<void> => {
      if (index === steps.length) return await next();
      // An answer from a step deep in the chain is kept, as hono's own chain does.
      const answer = await steps[index](c, () => at(index + 1));
      if (answer instanceof Response) c.res = answer;
    };
    await at(0);
  };
}

/** Plain-dict routes emit `isoformat()`: `+00:00`, not `Z`. */
function dictTimes(row: object): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(row)) {
    if (/_at$/.test(key) && typeof value === "string") out[key] = value.replace(/Z$/, "+00:00");
  }
  return out;
}
