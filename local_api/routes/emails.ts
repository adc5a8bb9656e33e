/**
 * /api/v1/email-verification (torale-api-current.md §3.6; the same in classic, where the 5/min
 * limit is absent). Codes are not mailed: `onCode` receives each one (the server's log, and
 * tests through the handle of server.ts).
 */
import { type AppDeps, type Ctx, detail, invalid, type Router, router } from "../http.ts";
import { requireUser } from "../middleware/auth.ts";
import { bodyLimit, jsonBody } from "../middleware/body.ts";
import { routeLimit } from "../middleware/rate_limit.ts";
import type { Issue } from "../validate.ts";

const BASE = "/api/v1/email-verification";
const EXPIRY_MINUTES = 15;
const MAX_ATTEMPTS = 5;
const PER_HOUR = 3;

/** EmailStr as pydantic checks it, roughly: the 422 issue, or the address (domain lowercased). */
function parseEmail(value: unknown): string | Issue {
  const text = String(value);
  const at = text.indexOf("@");
  const reason = at < 0 || at !== text.lastIndexOf("@")
    ? "An email address must have an @-sign."
    : at === 0
    ? "There must be something before the @-sign."
    : !/^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(text)
    ? "The part after the @-sign is not valid. It should have a period."
    : undefined;
  if (reason === undefined) return text.slice(0, at + 1) + text.slice(at + 1).toLowerCase();
  return {
    type: "value_error",
    loc: ["body", "email"],
    msg: `value is not a valid email address: ${reason}`,
    input: value,
    ctx: { reason },
  };
}

/** A random 6-digit code, leading zeros kept. */
function newCode(): string {
  const [n] = crypto.getRandomValues(new Uint32Array(1));
  return String(n % 1_000_000).padStart(6, "0");
}

/** The email-verification routes; `onCode(email, code)` stands in for the mail. */
export function emailRoutes(
  deps: AppDeps,
  onCode: (email: string, code: string) => void,
): Router {
  const { emails } = deps.storage;
  const user = requireUser(deps, "api");
  const routes = router();
  const sendBody = jsonBody({ email: { rule: { kind: "string" }, required: true } });
  const verifyBody = jsonBody({
    email: { rule: { kind: "string" }, required: true },
    code: { rule: { kind: "string" }, required: true },
  });
  const email = (c: Ctx): string | Response => {
    const parsed = parseEmail((c.var.body as { email: string }).email);
    return typeof parsed === "string" ? parsed : invalid(c, [parsed]);
  };
  const verified = (c: Ctx, address: string) =>
    address === c.var.user.email || emails.isVerified(c.var.user.id, address);

  routes.post(`${BASE}/send`, user, routeLimit(deps, 5), bodyLimit, sendBody, (c) => {
    const address = email(c);
    if (typeof address !== "string") return address;
    if (verified(c, address)) return c.json({ message: "Email already verified" });
    const now = Date.now();
    if (emails.countSince(c.var.user.id, new Date(now - 60 * 60_000)) >= PER_HOUR) {
      return detail(c, 429, "Too many verification requests. Please try again later.");
    }
    const code = newCode();
    emails.replacePending(
      c.var.user.id,
      address,
      code,
      new Date(now + EXPIRY_MINUTES * 60_000),
    );
    onCode(address, code);
    return c.json({
      message: `Verification code sent to ${address}`,
      expires_in_minutes: EXPIRY_MINUTES,
    });
  });

  routes.post(`${BASE}/verify`, user, bodyLimit, verifyBody, (c) => {
    const address = email(c);
    if (typeof address !== "string") return address;
    const { code } = c.var.body as { code: string };
    return deps.storage.transaction(() => {
      const row = emails.pending(c.var.user.id, address);
      if (!row) return detail(c, 400, "No verification pending for this email");
      if (Date.now() > Date.parse(row.expires_at)) {
        return detail(c, 400, "Verification code expired. Request a new one.");
      }
      if (row.attempts >= MAX_ATTEMPTS) {
        return detail(c, 400, "Too many failed attempts. Request a new code.");
      }
      if (row.code !== code) {
        emails.failed(row.id);
        return detail(
          c,
          400,
          `Invalid code. ${MAX_ATTEMPTS - row.attempts - 1} attempts remaining.`,
        );
      }
      emails.verify(row);
      return c.json({ message: "Email verified successfully" });
    });
  });

  routes.get(`${BASE}/verified-emails`, user, (c) => {
    const primary = c.var.user.email;
    const others = emails.verifiedOf(c.var.user.id).filter((address) => address !== primary);
    return c.json({ verified_emails: [primary, ...others], primary_email: primary });
  });

  routes.delete(`${BASE}/verified-emails/:email`, user, (c) => {
    const address = c.req.param("email");
    if (address === c.var.user.email) {
      return detail(c, 400, "Cannot remove primary Clerk email");
    }
    emails.removeVerified(c.var.user.id, address);
    return c.json({ message: "Email removed from verified list" });
  });

  return routes;
}
