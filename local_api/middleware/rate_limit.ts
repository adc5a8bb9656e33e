/**
 * Rate limiting as the docs promise it (torale-api.md §5; the real 68b service has none):
 * a fixed one-minute window per caller, X-RateLimit-* headers, a 429 with retry_after.
 */
import type { Middleware } from "../http.ts";

const WINDOW_MS = 60_000;

/** Allows `limit` requests per minute per Authorization header; /health is never limited. */
export function rateLimit(limit: number): Middleware {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    if (c.req.path === "/health") return await next();
    const caller = c.req.header("authorization") ?? "anonymous";
    const now = Date.now();
    let window = windows.get(caller);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      windows.set(caller, window);
    }
    window.count++;
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
