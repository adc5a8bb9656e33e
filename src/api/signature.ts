/**
 * Checking a webhook delivery's `X-Torale-Signature: t=<unix>,v1=<hex>` header: lowercase hex
 * HMAC-SHA256, keyed with the secret, over `"<t>.<exact body>"`, with a timestamp at most
 * `toleranceS` away from now (torale-api-current.md §5.6; the service's helper allows 300 s).
 */

import { concat } from "../bytes.ts";

/** The largest delivery body read (`webhook listen`, `webhook verify`). */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** The service's own tolerance, in seconds. */
export const DEFAULT_TOLERANCE_S = 300;

/** A verdict on one delivery. */
export type Verdict =
  | { valid: true; timestamp: number }
  | { valid: false; reason: string; timestamp?: number };

const encoder = new TextEncoder();

/** Lowercase hex HMAC-SHA256 of `message` (text as UTF-8, or exact bytes) keyed with `secret`. */
export async function sign(secret: string, message: string | Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const bytes = typeof message === "string" ? encoder.encode(message) : message;
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes as BufferSource));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The header value for `body` signed at `t` (seconds). */
export async function signatureHeader(secret: string, t: number, body: string): Promise<string> {
  return `t=${t},v1=${await sign(secret, `${t}.${body}`)}`;
}

/** Compares two strings in time that depends only on their length. */
function sameText(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  let diff = left.length ^ right.length;
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  }
  return diff === 0;
}

/**
 * Checks a delivery; `nowMs` is the receiver's clock. The MAC is over the body's exact bytes: a
 * body with a BOM or a byte that is not UTF-8 is checked as it came, not as decoded text.
 */
export async function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: string | Uint8Array,
  options: { nowMs: number; toleranceS?: number },
): Promise<Verdict> {
  if (!header) return { valid: false, reason: "no X-Torale-Signature header" };
  const parts = new Map<string, string[]>();
  for (const item of header.split(",")) {
    const at = item.indexOf("=");
    if (at < 1) continue;
    const name = item.slice(0, at).trim();
    parts.set(name, [...parts.get(name) ?? [], item.slice(at + 1).trim()]);
  }
  const t = parts.get("t")?.[0];
  const signatures = parts.get("v1") ?? [];
  if (!t || !/^\d{1,12}$/.test(t) || signatures.length === 0) {
    return { valid: false, reason: "malformed signature header (expected t=<unix>,v1=<hex>)" };
  }
  const timestamp = Number(t);
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  const expected = await sign(secret, concat([encoder.encode(`${t}.`), bytes]));
  if (!signatures.some((candidate) => sameText(candidate.toLowerCase(), expected))) {
    return { valid: false, reason: "signature mismatch (wrong secret or altered body)", timestamp };
  }
  const tolerance = options.toleranceS ?? DEFAULT_TOLERANCE_S;
  const skew = Math.round(options.nowMs / 1000 - timestamp);
  if (Math.abs(skew) > tolerance) {
    const side = skew > 0 ? `${skew} s old` : `${-skew} s in the future`;
    return { valid: false, reason: `timestamp ${side} (tolerance ${tolerance} s)`, timestamp };
  }
  return { valid: true, timestamp };
}
