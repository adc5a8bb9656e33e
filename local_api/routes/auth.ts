/** /auth/*: the caller and their API keys (torale-api.md §3.1). */
import { type AppDeps, detail, invalid, type Router, router } from "../http.ts";
import { insertKey } from "../keys.ts";
import { requireUser } from "../middleware/auth.ts";
import { bodyLimit, jsonBody } from "../middleware/body.ts";
import { keyJson, userJson } from "../shapes/auth.ts";
import { parseUuid } from "../validate.ts";

/** The /auth/* routes; a missing header is a 403 here, as at 68b. */
export function authRoutes(deps: AppDeps): Router {
  const { keys } = deps.storage;
  const user = requireUser(deps, "auth");
  const routes = router();

  routes.get("/auth/me", user, (c) => c.json(userJson(c.var.user)));

  routes.get("/auth/api-keys", user, (c) => c.json(keys.listOf(c.var.user.id).map(keyJson)));

  const keyCreate = jsonBody({ name: { rule: { kind: "string" }, required: true } });
  routes.post("/auth/api-keys", user, bodyLimit, keyCreate, async (c) => {
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
  });

  routes.delete("/auth/api-keys/:id", user, (c) => {
    const id = parseUuid(c.req.param("id"), "key_id");
    if (typeof id !== "string") return invalid(c, [id]);
    if (!keys.ownedBy(id, c.var.user.id)) return detail(c, 404, "API key not found");
    keys.revoke(id);
    return c.json({ status: "revoked" });
  });

  return routes;
}
