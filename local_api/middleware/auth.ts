/**
 * Authentication (torale-api.md §1.3, torale-api-current.md §1.3): puts the caller's user on
 * `c.var.user` (and `c.var.viewer`), or answers as the real service would, so that routes
 * never check credentials themselves.
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

type Refusal = { status: number; detail: string };

/**
 * An Authorization header as authentication reads it: trimmed, the scheme up to the first run
 * of whitespace, the token the word after it. Undefined when the header is missing or blank.
 */
export function credentials(
  header: string | undefined,
): { scheme: string; token: string } | undefined {
  if (!header || header.trim() === "") return undefined;
  const [scheme, token = ""] = header.trim().split(/\s+/, 2);
  return { scheme, token };
}

/**
 * The user an Authorization header stands for, or the refusal. `scope` picks the classic
 * dependency: `auth` (classic's /auth/*) refuses a missing or non-Bearer header with 403, `api`
 * (classic's /api/v1/*, and every route of the current generation) with 401.
 */
async function authenticate(
  deps: Pick<AppDeps, "storage" | "noauth">,
  header: string | undefined,
  scope: "auth" | "api",
): Promise<UserRow | Refusal> {
  const { users, keys } = deps.storage;
  if (deps.noauth) return users.byId(NOAUTH_USER_ID)!;
  const given = credentials(header);
  if (!given) return { status: scope === "auth" ? 403 : 401, detail: "Not authenticated" };
  const { scheme, token } = given;
  if (scheme.toLowerCase() !== "bearer" || !token) {
    return scope === "auth"
      ? { status: 403, detail: "Invalid authentication credentials" }
      : { status: 401, detail: "Not authenticated" };
  }
  if (!token.startsWith("sk_")) {
    return { status: 503, detail: "Clerk authentication not configured" };
  }
  const key = keys.activeByHash(await sha256Hex(token));
  if (!key) return { status: 401, detail: "Invalid API key" };
  keys.touch(key.id);
  return users.byId(key.user_id) ?? { status: 401, detail: "Invalid API key" };
}

/** Requires a valid API key (see `authenticate` for `scope`); NOAUTH is the fixed test user. */
export function requireUser(
  deps: Pick<AppDeps, "storage" | "noauth">,
  scope: "auth" | "api",
): Middleware {
  return async (c, next) => {
    const user = await authenticate(deps, c.req.header("authorization"), scope);
    if ("status" in user) return detail(c, user.status, user.detail);
    c.set("user", user);
    c.set("viewer", user);
    await next();
  };
}

/**
 * The current generation's optional auth (public reads): the caller if the credentials are
 * good, otherwise anonymous; it never refuses.
 */
export function optionalUser(deps: Pick<AppDeps, "storage" | "noauth">): Middleware {
  return async (c, next) => {
    const user = await authenticate(deps, c.req.header("authorization"), "api");
    c.set("viewer", "status" in user ? undefined : user);
    await next();
  };
}
