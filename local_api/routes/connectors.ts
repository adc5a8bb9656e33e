/**
 * /api/v1/connectors of the current generation (torale-api-current.md §3.8, d64cd83
 * `api/routers/connectors.py`): the toolkits on offer, the user's connections, connect,
 * disconnect and the OAuth callback. Composio stands between the real service and the
 * toolkits; here the stand-in plays Composio's part itself (see `/local/connectors/authorize`).
 */
import {
  CALLBACK_FAILED_HTML,
  CALLBACK_SUCCESS_HTML,
  toolkit,
  TOOLKITS,
} from "../connector_pages.ts";
import { type AppDeps, detail, invalid, type Router, router } from "../http.ts";
import { requireUser } from "../middleware/auth.ts";
import type { ConnectorRow } from "../storage/mod.ts";
import { parseUuid } from "../uuid.ts";
import type { Issue } from "../validate.ts";

/**
 * The stand-in's own page, which the service does not have: where a connect's redirect_url
 * points instead of Composio's OAuth consent. Opening it (GET) grants the connection at once,
 * as a user who approves would, and goes on to the service's callback, which marks it ACTIVE
 * and shows its page. `outcome=failed` plays a user who declines (the row becomes FAILED).
 */
export const LOCAL_AUTHORIZE_PATH = "/local/connectors/authorize";

/** A connection as `GET /api/v1/connectors` lists it (`UserConnection`). */
function connectionJson(row: ConnectorRow, displayName: string) {
  return {
    toolkit_slug: row.toolkit_slug,
    display_name: displayName,
    status: row.status,
    status_reason: row.status_reason,
    connected_at: row.connected_at,
    last_used_at: row.last_used_at,
  };
}

/** What Composio would name a new connected account. */
function accountId(): string {
  return `ca_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

/** FastAPI's issue for a required query parameter that is absent. */
function missing(name: string): Issue {
  return { type: "missing", loc: ["query", name], msg: "Field required", input: null };
}

/**
 * One of the callback's pages, typed as Starlette's HTMLResponse types it (`charset=utf-8`,
 * lower case; hono's `c.html` would say `UTF-8`).
 */
function page(html: string): Response {
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}

/** The connector routes, and the stand-in's authorize page. */
export function connectorRoutes(deps: AppDeps): Router {
  const { storage } = deps;
  const user = requireUser(deps, "api");
  const routes = router();

  routes.get("/api/v1/connectors/available", user, (c) => c.json(TOOLKITS));

  routes.get("/api/v1/connectors", user, (c) => {
    const rows = new Map(
      storage.connectors.listOf(c.var.user.id).map((row) => [row.toolkit_slug, row]),
    );
    return c.json(TOOLKITS.flatMap((entry) => {
      const row = rows.get(entry.slug);
      return row ? [connectionJson(row, entry.display_name)] : [];
    }));
  });

  routes.get("/api/v1/connectors/callback", (c) => {
    const userParam = c.req.query("user_id");
    const status = c.req.query("status");
    const issues: Issue[] = [];
    let userId: string | undefined;
    if (userParam === undefined) issues.push(missing("user_id"));
    else {
      const parsed = parseUuid(userParam, "user_id");
      if (typeof parsed === "string") userId = parsed;
      else issues.push({ ...parsed, loc: ["query", "user_id"] });
    }
    if (status === undefined) issues.push(missing("status"));
    if (issues.length || userId === undefined || status === undefined) return invalid(c, issues);
    const account = c.req.query("connectedAccountId");
    const app = c.req.query("appName");
    if (!account || !app) return page(CALLBACK_FAILED_HTML);
    const row = storage.connectors.one(userId, app.toLowerCase());
    // Only the row a connect made (its account id) may change: a forged callback may not.
    if (!row || row.connected_account_id !== account) return page(CALLBACK_FAILED_HTML);
    if (row.status === "ACTIVE") return page(CALLBACK_SUCCESS_HTML);
    if (row.status !== "INITIATED" && row.status !== "INITIALIZING") {
      return page(CALLBACK_FAILED_HTML);
    }
    if (status.toLowerCase() === "success") {
      storage.connectors.settle(row, "ACTIVE");
      return page(CALLBACK_SUCCESS_HTML);
    }
    storage.connectors.settle(row, "FAILED", `callback_status=${status}`);
    return page(CALLBACK_FAILED_HTML);
  });

  routes.post("/api/v1/connectors/:slug/connect", user, (c) => {
    const slug = c.req.param("slug");
    if (!toolkit(slug)) return detail(c, 404, `Unknown toolkit: ${slug}`);
    const { id } = c.var.user;
    const existing = storage.connectors.one(id, slug);
    // Composio answers ACTIVE without a redirect when the account is connected already.
    if (existing?.status === "ACTIVE" && existing.connected_account_id) {
      storage.connectors.upsert(id, slug, existing.connected_account_id, "ACTIVE");
      return c.json({ redirect_url: null });
    }
    const account = accountId();
    storage.connectors.upsert(id, slug, account, "INITIATED");
    const query = new URLSearchParams({ user_id: id, toolkit: slug, account });
    const origin = new URL(c.req.url).origin;
    return c.json({ redirect_url: `${origin}${LOCAL_AUTHORIZE_PATH}?${query}` });
  });

  routes.delete("/api/v1/connectors/:slug", user, (c) => {
    if (!storage.connectors.remove(c.var.user.id, c.req.param("slug"))) {
      return detail(c, 404, "Not connected");
    }
    return c.body(null, 204);
  });

  // The stand-in's own (LOCAL_AUTHORIZE_PATH): Composio's consent, approved on sight.
  routes.get(LOCAL_AUTHORIZE_PATH, (c) => {
    const callback = new URLSearchParams({
      user_id: c.req.query("user_id") ?? "",
      status: c.req.query("outcome") === "failed" ? "failed" : "success",
      connectedAccountId: c.req.query("account") ?? "",
      appName: c.req.query("toolkit") ?? "",
    });
    const origin = new URL(c.req.url).origin;
    return c.redirect(`${origin}/api/v1/connectors/callback?${callback}`, 302);
  });

  return routes;
}
