/**
 * The current service's security headers (d64cd83 `api/main.py` SecurityHeadersMiddleware),
 * with its values. Classic (68b3320) sends none. The middleware wraps the app, so 404s, 405s,
 * redirects and 429s carry them; an unhandled exception's text/plain 500 does not (Starlette's
 * ServerErrorMiddleware answers that outside it).
 */
import type { Middleware } from "../http.ts";

/** The headers and values of upstream's middleware. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "geolocation=(), microphone=(), camera=()",
  "Content-Security-Policy": "default-src 'self'; " +
    "script-src 'self'; " +
    "style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data:; " +
    "font-src 'self'; " +
    "connect-src 'self' https://*.torale.ai; " +
    "frame-ancestors 'none'; " +
    "object-src 'none'; " +
    "base-uri 'self';",
};

/** Sets the security headers on every answer but an unhandled exception's 500. */
export function securityHeaders(): Middleware {
  return async (c, next) => {
    await next();
    if (c.error) return;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  };
}
