/** The webhook signature check: `t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { sign, signatureHeader, verifySignature } from "../../src/api/signature.ts";

const SECRET = "s3cret";
const BODY = '{"id":"r1","event_type":"task.condition_met"}';
const NOW = Date.parse("2026-04-27T09:00:00Z");
const T = NOW / 1000;

Deno.test("sign matches an independent HMAC-SHA256 over <t>.<body>", async () => {
  const expected = createHmac("sha256", SECRET).update(`${T}.${BODY}`).digest("hex");
  assert.equal(await sign(SECRET, `${T}.${BODY}`), expected);
  assert.equal(await signatureHeader(SECRET, T, BODY), `t=${T},v1=${expected}`);
});

Deno.test("verifySignature accepts a good header, any v1 among several, upper-case hex", async () => {
  const good = await signatureHeader(SECRET, T, BODY);
  assert.deepEqual(await verifySignature(SECRET, good, BODY, { nowMs: NOW }), {
    valid: true,
    timestamp: T,
  });
  const hex = good.split("v1=")[1];
  const rotated = `t=${T},v1=${"0".repeat(64)},v1=${hex.toUpperCase()}`;
  assert.equal((await verifySignature(SECRET, rotated, BODY, { nowMs: NOW })).valid, true);
});

Deno.test("verifySignature rejects, with the reason, what did not come from the secret holder", async () => {
  const good = await signatureHeader(SECRET, T, BODY);
  const cases: [string | null, string, number, RegExp][] = [
    [null, BODY, NOW, /^no X-Torale-Signature header$/],
    ["v1=abc", BODY, NOW, /^malformed/],
    [`t=soon,v1=${"a".repeat(64)}`, BODY, NOW, /^malformed/],
    [good, BODY + " ", NOW, /^signature mismatch/],
    [good.replace(`t=${T}`, `t=${T + 1}`), BODY, NOW, /^signature mismatch/],
    [good, BODY, NOW + 301_000, /^timestamp 301 s old \(tolerance 300 s\)$/],
    [good, BODY, NOW - 400_000, /^timestamp 400 s in the future/],
  ];
  for (const [header, body, now, reason] of cases) {
    const verdict = await verifySignature(SECRET, header, body, { nowMs: now });
    assert.equal(verdict.valid, false, String(header));
    assert.match((verdict as { reason: string }).reason, reason);
  }
  const wide = await verifySignature(SECRET, good, BODY, { nowMs: NOW + 301_000, toleranceS: 600 });
  assert.equal(wide.valid, true);
});

Deno.test("verifySignature checks the exact bytes: a BOM or a byte that is not UTF-8 is kept", async () => {
  const body = new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x22, 0xe9, 0x22, 0x7d]);
  const t = 1_700_000_000;
  const message = new Uint8Array([...new TextEncoder().encode(`${t}.`), ...body]);
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode("whsec_x"),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, message));
  const hex = Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
  const verdict = await verifySignature("whsec_x", `t=${t},v1=${hex}`, body, {
    nowMs: t * 1000,
  });
  assert.deepEqual(verdict, { valid: true, timestamp: t });
});
