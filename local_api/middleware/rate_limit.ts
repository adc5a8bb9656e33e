/**
 * Rate limiting. The classic option is what the docs promise (torale-api.md §5; the real classic
 * service has none): a fixed one-minute window per caller, X-RateLimit-* headers, a 429 with
 * retry_after. The current generation's is the real service's, per route.
 */
import { sha256Hex } from "../../scripts/hash.ts";
import { type AppDeps, clientAddress, type Middleware } from "../http.ts";
import { credentials } from "./auth.ts";

const WINDOW_MS = 60_000;

/**
 * How many callers get a window of their own within a minute; callers beyond it share one
 * window, so that a flood of new tokens neither grows the map nor escapes the limit.
 */
export const MAX_CALLERS = 10_000;

const OVERFLOW = "overflow";

/** One caller's window: when it opened (ms since the epoch) and the requests counted in it. */
export interface Window {
  start: number;
  count: number;
}

/**
 * Counts callers' requests in fixed one-minute windows, each opened by its first request.
 * Windows are kept in the order they opened, so the expired ones are dropped from the front.
 */
export class FixedWindows {
  readonly #windows = new Map<string, Window>();

  /** How many callers have a window. */
  get size(): number {
    return this.#windows.size;
  }

  /** Counts a request of `caller` at `now`; returns its window. */
  hit(caller: string, now: number): Window {
    this.#expire(now);
    let key = caller;
    if (!this.#windows.has(key) && this.#windows.size >= MAX_CALLERS) key = OVERFLOW;
    let window = this.#windows.get(key);
    // Only a clock set back leaves an expired window behind a newer one.
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      this.#windows.delete(key);
      this.#windows.set(key, window);
    }
    window.count++;
    return window;
  }

  #expire(now: number): void {
    for (const [caller, window] of this.#windows) {
      if (now - window.start < WINDOW_MS) break;
      this.#windows.delete(caller);
    }
  }
}

/** A token's key: 16 hex characters of its SHA-256, as slowapi keys it (never the token). */
async function tokenKey(token: string): Promise<string> {
  return `user:${(await sha256Hex(token)).slice(0, 16)}`;
}

/**
 * Classic: allows `limit` requests per minute per API key, the token as authentication reads it
 * (any case of "Bearer", any whitespace), else one window for all callers without one; /health
 * is never limited.
 */
export function rateLimit(limit: number): Middleware {
  const windows = new FixedWindows();
  return async (c, next) => {
    if (c.req.path === "/health") return await next();
    const now = Date.now();
    const given = credentials(c.req.header("authorization"));
    const caller = given?.scheme.toLowerCase() === "bearer" && given.token
      ? await tokenKey(given.token)
      : "anonymous";
    const window = windows.hit(caller, now);
    const reset = Math.ceil((window.start + WINDOW_MS) / 1000);
    const retryAfter = Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
    const headers = {
      "X-RateLimit-Limit": String(limit),
      "X-RateLimit-Remaining": String(Math.max(0, limit - window.count)),
      "X-RateLimit-Reset": String(reset),
    };
    if (window.count > limit) {
      return c.json({ detail: "Rate limit exceeded", retry_after: retryAfter }, 429, {
        ...headers,
        "Retry-After": String(retryAfter),
      });
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}

/**
 * The current generation's limit of one route (torale-api-current.md §2.3, slowapi): a fixed
 * one-minute window from the first request, per token (`user:` + 16 hex of its SHA-256) when
 * the scheme is "Bearer" as spelt (slowapi's check is case-sensitive), else per address. The
 * token is the one authentication read, whatever whitespace surrounds it. No headers. Mounted
 * after validation, so refused requests do not count (but a create's NUL, which passes
 * upstream's validation, is refused after it: `refuseNul`); a pass-through unless the server
 * runs with the upstream limits. `by: "address"` keys every caller by address, key or not (the
 * public reads: slowapi's `get_remote_address`).
 */
export function routeLimit(
  deps: Pick<AppDeps, "upstreamLimits">,
  perMinute: number,
  options: { by?: "token" | "address" } = {},
): Middleware {
  const windows = new FixedWindows();
  return async (c, next) => {
    if (!deps.upstreamLimits) return await next();
    const given = options.by === "address" ? undefined : credentials(c.req.header("authorization"));
    const caller = given?.scheme === "Bearer" && given.token
      ? await tokenKey(given.token)
      : clientAddress(c);
    if (windows.hit(caller, Date.now()).count > perMinute) {
      return c.json({ error: `Rate limit exceeded: ${perMinute} per 1 minute` }, 429);
    }
    await next();
  };
}
