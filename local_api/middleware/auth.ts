/**
 * Authentication (torale-api.md §1.3): puts the caller's user on `c.var.user`, or answers
 * as the 68b service would, so that routes never check credentials themselves.
 */
import { sha256Hex } from "../../scripts/hash.ts";
import { type AppDeps, detail, type Middleware } from "../http.ts";
import type { Storage, UserRow } from "../storage/mod.ts";

/** The fixed user of NOAUTH mode. */
export const NOAUTH_USER_ID = "00000000-0000-0000-0000-000000000001";

/** Creates the NOAUTH user unless it exists (a file database keeps it between runs). */
export function ensureNoauthUser(storage: Storage, email = "test@example.com"): void {
  if (storage.users.byId(NOAUTH_USER_ID)) return;
  storage.users.insert({ id: NOAUTH_USER_ID, clerk_user_id: "test_user_noauth", email });
}

/**
 * Requires a valid API key. `scope` picks the 68b dependency: `auth` (for /auth/*)
 * answers 403 for a missing or non-Bearer header, `api` 401. In NOAUTH mode every
 * request is the fixed test user, whatever its header.
 */
export function requireUser(
  deps: Pick<AppDeps, "storage" | "noauth">,
  scope: "auth" | "api",
): Middleware {
  const { users, keys } = deps.storage;
  return async (c, next) => {
    let user: UserRow | undefined;
    if (deps.noauth) {
      user = users.byId(NOAUTH_USER_ID)!;
    } else {
      const header = c.req.header("authorization");
      if (!header || header.trim() === "") {
        return detail(c, scope === "auth" ? 403 : 401, "Not authenticated");
      }
      const [scheme, token] = header.trim().split(/\s+/, 2);
      if (scheme.toLowerCase() !== "bearer" || !token) {
        return scope === "auth"
          ? detail(c, 403, "Invalid authentication credentials")
          : detail(c, 401, "Not authenticated");
      }
      if (!token.startsWith("sk_")) return detail(c, 503, "Clerk authentication not configured");
      const key = keys.activeByHash(await sha256Hex(token));
      if (!key) return detail(c, 401, "Invalid API key");
      keys.touch(key.id);
      user = users.byId(key.user_id);
      if (!user) return detail(c, 401, "Invalid API key");
    }
    c.set("user", user);
    await next();
  };
}
