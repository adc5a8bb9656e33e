/** /auth/*: the caller and their API keys (torale-api.md §3.1, torale-api-current.md §3.1). */
import { type AppDeps, type Ctx, detail, invalid, type Router, router } from "../http.ts";
import { insertKey } from "../keys.ts";
import { requireUser } from "../middleware/auth.ts";
import { bodyLimit, jsonBody, jsonSyntax } from "../middleware/body.ts";
import { routeLimit } from "../middleware/rate_limit.ts";
import { keyJson, userJson } from "../shapes/auth.ts";
import { parseUuid } from "../validate.ts";

/**
 * The /auth/* routes. In classic a missing header is a 403 here; the current generation answers
 * 401, reads malformed JSON before the key, and limits key creation to 3 a minute.
 */
export function authRoutes(deps: AppDeps): Router {
  const { keys, users } = deps.storage;
  const current = deps.generation === "current";
  const user = requireUser(deps, current ? "api" : "auth");
  const routes = router();

  routes.get("/auth/me", user, (c) => c.json(userJson(c.var.user, deps.generation)));

  routes.get("/auth/api-keys", user, (c) => c.json(keys.listOf(c.var.user.id).map(keyJson)));

  const keyCreate = jsonBody(
    { name: { rule: { kind: "string" }, required: true } },
    { jsonOnly: current },
  );
  const newKey = async (c: Ctx) => {
    if (keys.hasActive(c.var.user.id)) {
      return detail(
        c,
        400,
        "You already have an active API key. Please revoke it before creating a new one.",
      );
    }
    const { name } = c.var.body as { name: string };
    const { key, row } = await insertKey(deps.storage, { userId: c.var.user.id, name });
    return c.json({ key, key_info: keyJson(row) });
  };
  if (current) {
    routes.post(
      "/auth/api-keys",
      bodyLimit,
      jsonSyntax,
      user,
      keyCreate,
      routeLimit(deps, 3),
      newKey,
    );
  } else {
    routes.post("/auth/api-keys", user, bodyLimit, keyCreate, newKey);
  }

  routes.delete("/auth/api-keys/:id", user, (c) => {
    const id = parseUuid(c.req.param("id"), "key_id");
    if (typeof id !== "string") return invalid(c, [id]);
    if (!keys.ownedBy(id, c.var.user.id)) return detail(c, 404, "API key not found");
    keys.revoke(id);
    return c.json({ status: "revoked" });
  });

  if (current) {
    routes.post("/auth/mark-welcome-seen", user, (c) => {
      users.markWelcomeSeen(c.var.user.id);
      return c.json({ status: "success" });
    });
  }

  return routes;
}
