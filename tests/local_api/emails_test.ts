/** Contract tests of the local API's email verification, both generations (torale-api-current.md §3.6). */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { client, startCurrentApi } from "./client.ts";

const BASE = "/api/v1/email-verification";
const PRIMARY = "user@example.com";

for (
  const [generation, start] of [["classic", startTestApi], ["current", startCurrentApi]] as const
) {
  Deno.test(`${generation}: send, verify, list and remove an address`, async () => {
    const lines: string[] = [];
    await using local = await start({ log: (line) => lines.push(line) });
    const http = client(local, local.key);
    const sent = await http("POST", `${BASE}/send`, { email: "alerts@example.org" });
    assert.deepEqual([sent.status, sent.json], [200, {
      message: "Verification code sent to alerts@example.org",
      expires_in_minutes: 15,
    }]);
    const code = local.api.verificationCode("alerts@example.org");
    assert.match(code!, /^\d{6}$/);
    assert.ok(lines.includes(`email verification code for alerts@example.org: ${code}`));

    const ok = await http("POST", `${BASE}/verify`, { email: "alerts@example.org", code });
    assert.deepEqual([ok.status, ok.json], [200, { message: "Email verified successfully" }]);
    assert.equal(local.api.verificationCode("alerts@example.org"), undefined, "no longer pending");

    const list = await http("GET", `${BASE}/verified-emails`);
    assert.deepEqual(list.json, {
      verified_emails: [PRIMARY, "alerts@example.org"],
      primary_email: PRIMARY,
    });
    const again = await http("POST", `${BASE}/send`, { email: "alerts@example.org" });
    assert.deepEqual(again.json, { message: "Email already verified" });

    const removed = await http("DELETE", `${BASE}/verified-emails/alerts%40example.org`);
    assert.deepEqual([removed.status, removed.json], [200, {
      message: "Email removed from verified list",
    }]);
    assert.deepEqual((await http("GET", `${BASE}/verified-emails`)).json.verified_emails, [
      PRIMARY,
    ]);
    const absent = await http("DELETE", `${BASE}/verified-emails/never@example.org`);
    assert.deepEqual([absent.status, absent.json], [200, {
      message: "Email removed from verified list",
    }]);
  });
}

Deno.test("the primary address is always verified and cannot be removed", async () => {
  await using local = await startTestApi();
  const http = client(local, local.key);
  const sent = await http("POST", `${BASE}/send`, { email: PRIMARY });
  assert.deepEqual([sent.status, sent.json], [200, { message: "Email already verified" }]);
  const removed = await http("DELETE", `${BASE}/verified-emails/${PRIMARY}`);
  assert.deepEqual([removed.status, removed.json], [400, {
    detail: "Cannot remove primary Clerk email",
  }]);
});

Deno.test("wrong codes count down five attempts, then the code is locked", async () => {
  await using local = await startTestApi();
  const http = client(local, local.key);
  await http("POST", `${BASE}/send`, { email: "a@example.org" });
  const right = local.api.verificationCode("a@example.org")!;
  const wrong = right === "000000" ? "111111" : "000000";
  const details = [];
  for (let i = 0; i < 6; i++) {
    const res = await http("POST", `${BASE}/verify`, { email: "a@example.org", code: wrong });
    assert.equal(res.status, 400);
    details.push(res.json.detail);
  }
  assert.deepEqual(details, [
    "Invalid code. 4 attempts remaining.",
    "Invalid code. 3 attempts remaining.",
    "Invalid code. 2 attempts remaining.",
    "Invalid code. 1 attempts remaining.",
    "Invalid code. 0 attempts remaining.",
    "Too many failed attempts. Request a new code.",
  ]);
  const late = await http("POST", `${BASE}/verify`, { email: "a@example.org", code: right });
  assert.deepEqual(late.json, { detail: "Too many failed attempts. Request a new code." });
});

Deno.test("no pending code, and an expired code, are 400s", async () => {
  await using local = await startTestApi();
  const http = client(local, local.key);
  const none = await http("POST", `${BASE}/verify`, { email: "b@example.org", code: "123456" });
  assert.deepEqual([none.status, none.json], [400, {
    detail: "No verification pending for this email",
  }]);
  await http("POST", `${BASE}/send`, { email: "b@example.org" });
  const code = local.api.verificationCode("b@example.org");
  local.api.db.prepare("UPDATE email_verifications SET expires_at = '2020-01-01T00:00:00Z'").run();
  const expired = await http("POST", `${BASE}/verify`, { email: "b@example.org", code });
  assert.deepEqual([expired.status, expired.json], [400, {
    detail: "Verification code expired. Request a new one.",
  }]);
});

Deno.test("a new code replaces the pending one (the replaced one no longer counts); a fourth within the hour is 429", async () => {
  await using local = await startTestApi();
  const http = client(local, local.key);
  await http("POST", `${BASE}/send`, { email: "c@example.org" });
  const first = local.api.verificationCode("c@example.org");
  await http("POST", `${BASE}/send`, { email: "c@example.org" });
  await http("POST", `${BASE}/send`, { email: "d@example.org" });
  const pending = local.api.db.prepare(
    "SELECT COUNT(*) AS n FROM email_verifications WHERE email = 'c@example.org'",
  ).get() as { n: number };
  assert.equal(pending.n, 1, "the second send replaced the first code");
  const latest = local.api.verificationCode("c@example.org");
  if (latest !== first) {
    const old = await http("POST", `${BASE}/verify`, { email: "c@example.org", code: first });
    assert.equal(old.status, 400);
  }
  // As the service does, the replaced row was deleted: two codes count so far.
  assert.equal((await http("POST", `${BASE}/send`, { email: "f@example.org" })).status, 200);
  const fourth = await http("POST", `${BASE}/send`, { email: "e@example.org" });
  assert.deepEqual([fourth.status, fourth.json], [429, {
    detail: "Too many verification requests. Please try again later.",
  }]);
  assert.equal(local.api.verificationCode("e@example.org"), undefined);
});

Deno.test("an invalid address is a 422 on email; auth is required", async () => {
  await using local = await startCurrentApi();
  const http = client(local, local.key);
  const bad = await http("POST", `${BASE}/send`, { email: "not-an-address" });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json.detail[0].loc, ["body", "email"]);
  assert.match(bad.json.detail[0].msg, /^value is not a valid email address/);
  const anonymous = await client(local)("GET", `${BASE}/verified-emails`);
  assert.deepEqual([anonymous.status, anonymous.json], [401, { detail: "Not authenticated" }]);
});

Deno.test("current: the send route allows 5 a minute with upstream limits on", async () => {
  await using local = await startCurrentApi({ rateLimit: "upstream" });
  const http = client(local, local.key);
  for (let i = 0; i < 5; i++) {
    assert.equal((await http("POST", `${BASE}/send`, { email: PRIMARY })).status, 200);
  }
  const sixth = await http("POST", `${BASE}/send`, { email: PRIMARY });
  assert.deepEqual([sixth.status, sixth.json], [429, {
    error: "Rate limit exceeded: 5 per 1 minute",
  }]);
});
