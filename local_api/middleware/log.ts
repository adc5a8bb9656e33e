/** Request logging: one line per request, written once it has been answered. */
import type { Middleware } from "../http.ts";

/** Logs method, path, status and duration of every request. */
export function requestLog(log: (line: string) => void): Middleware {
  return async (c, next) => {
    const started = performance.now();
    await next();
    log(
      `${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${
        (performance.now() - started).toFixed(1)
      } ms`,
    );
  };
}
