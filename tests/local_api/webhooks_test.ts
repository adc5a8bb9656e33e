/**
 * Contract tests of webhooks and notification history in the local API, both generations:
 * torale-api.md §3.3, §4.4; torale-api-current.md §3.3, §3.4, §5.6.
 */
import assert from "node:assert/strict";
import { hmacHex } from "../../local_api/notifier.ts";
import { startTestApi } from "../helpers/api.ts";
import { startReceiver } from "../helpers/receiver.ts";
import { client, created, createdCurrent, type Json, startCurrentApi, waitFor } from "./client.ts";

const MET = { answer: "Out now", condition_met: true, sources: [{ url: "https://x.example/a" }] };
const GENERATIONS = ["classic", "current"] as const;

for (const generation of GENERATIONS) {
  Deno.test(`${generation}: webhook config starts empty; PUT sets a normalised URL and a secret once`, async () => {
    await using local = await startTestApi({ generation });
    const api = client(local, local.key);
    const empty = await api("GET", "/api/v1/webhooks/config");
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.json, { url: null, secret: null, enabled: false });
    const set = await api("PUT", "/api/v1/webhooks/config", {
      webhook_url: "https://example.com",
      enabled: true,
    });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.json.url, "https://example.com/");
    assert.equal(set.json.enabled, true);
    assert.match(set.json.secret, /^[A-Za-z0-9_-]{43}$/);
    // http is accepted at the account level (the contract's HttpUrl), and the secret stays.
    const again = await api("PUT", "/api/v1/webhooks/config", {
      webhook_url: "http://127.0.0.1:9/x",
    });
    assert.deepEqual(again.json, {
      url: "http://127.0.0.1:9/x",
      secret: set.json.secret,
      enabled: false,
    });
    const cleared = await api("PUT", "/api/v1/webhooks/config", { webhook_url: null });
    assert.deepEqual(cleared.json, { url: null, secret: set.json.secret, enabled: false });
  });

  Deno.test(`${generation}: PUT webhook config refuses a bad URL with a 422, and needs a key`, async () => {
    await using local = await startTestApi({ generation });
    const api = client(local, local.key);
    const bad = await api("PUT", "/api/v1/webhooks/config", { webhook_url: "not a url" });
    assert.equal(bad.status, 422);
    assert.equal(bad.json.detail[0].type, "url_parsing");
    assert.deepEqual(bad.json.detail[0].loc, ["body", "webhook_url"]);
    const ftp = await api("PUT", "/api/v1/webhooks/config", { webhook_url: "ftp://x.example/" });
    assert.equal(ftp.json.detail[0].type, "url_scheme");
    const anonymous = await client(local)("GET", "/api/v1/webhooks/config");
    assert.equal(anonymous.status, 401);
    assert.deepEqual(anonymous.json, { detail: "Not authenticated" });
  });

  Deno.test(`${generation}: webhook test POSTs a signed test event and reports the status`, async () => {
    await using local = await startTestApi({ generation });
    await using receiver = await startReceiver();
    const api = client(local, local.key);
    const ok = await api("POST", "/api/v1/webhooks/test", {
      webhook_url: receiver.url,
      webhook_secret: "shh",
    });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json, {
      success: true,
      message: "Webhook delivered successfully (HTTP 200)",
    });
    assert.equal(receiver.got.length, 1);
    const { headers, body } = receiver.got[0];
    const event = JSON.parse(body);
    assert.match(event.id, /^test_[0-9a-f]{16}$/);
    assert.equal(event.event_type, "task.condition_met");
    assert.equal(event.data.task.name, "Test Task");
    assert.equal(headers.get("x-torale-event"), "task.condition_met");
    assert.equal(headers.get("user-agent"), "Torale-Webhooks/1.0");
    assert.equal(headers.get("x-torale-delivery"), event.id);
    const t = headers.get("x-torale-timestamp")!;
    assert.equal(
      headers.get("x-torale-signature"),
      `t=${t},v1=${await hmacHex("shh", `${t}.${body}`)}`,
    );
    assert.equal(
      "notification" in event.data.execution,
      generation === "current",
      "current sends the notification text, classic condition_met",
    );
  });

  Deno.test(`${generation}: webhook test failure is a 400 with the contract's text`, async () => {
    await using local = await startTestApi({ generation });
    await using receiver = await startReceiver(500);
    const api = client(local, local.key);
    const failed = await api("POST", "/api/v1/webhooks/test", {
      webhook_url: receiver.url,
      webhook_secret: "shh",
    });
    assert.equal(failed.status, 400);
    assert.deepEqual(failed.json, { detail: "Webhook delivery failed: HTTP 500: nope" });
    const missing = await api("POST", "/api/v1/webhooks/test", { webhook_url: receiver.url });
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.json.detail[0].loc, ["body", "webhook_secret"]);
  });

  Deno.test(`${generation}: webhook verify echoes a challenge without auth; bad JSON is a 400`, async () => {
    await using local = await startTestApi({ generation });
    const anonymous = client(local);
    assert.deepEqual(
      (await anonymous("POST", "/api/v1/webhooks/verify", { challenge: "c1" })).json,
      {
        challenge: "c1",
      },
    );
    assert.deepEqual((await anonymous("POST", "/api/v1/webhooks/verify", { a: 1 })).json, {
      message: "Verification endpoint",
    });
    const bad = await anonymous("POST", "/api/v1/webhooks/verify", "{oops");
    assert.equal(bad.status, 400);
    const typed = await anonymous("POST", "/api/v1/webhooks/verify", { type: "url_verification" });
    // Both generations: upstream's verify had the url_verification branch already at 68b3320.
    assert.deepEqual(typed.json, { challenge: "" });
  });

  Deno.test(`${generation}: by default the account webhook gets nothing, as from the service`, async () => {
    // The real service delivers only a task's own webhook notification; a task without one
    // sends its met conditions to no webhook, whatever the account's config says.
    await using local = await startTestApi({ generation, results: { "*": MET } });
    await using receiver = await startReceiver();
    const api = client(local, local.key);
    await api("PUT", "/api/v1/webhooks/config", { webhook_url: receiver.url, enabled: true });
    const task = generation === "current"
      ? await createdCurrent(local, { search_query: "q" })
      : await created(local, { notify_behavior: "always" });
    await api("POST", `/api/v1/tasks/${task.id}/execute`);
    await waitFor(async () => {
      const [run] = (await api("GET", `/api/v1/tasks/${task.id}/executions`)).json;
      return run.status === "success" ? run : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(receiver.got.length, 0);
    assert.deepEqual((await api("GET", "/api/v1/webhooks/deliveries")).json, []);
  });

  Deno.test(`${generation}: --deliver-to-account-webhook: a met run goes to the account webhook, signed, logged`, async () => {
    await using local = await startTestApi({
      generation,
      results: { "rust 2.0 release": MET },
      deliverToAccountWebhook: true,
    });
    await using receiver = await startReceiver();
    const api = client(local, local.key);
    const config = await api("PUT", "/api/v1/webhooks/config", {
      webhook_url: receiver.url,
      enabled: true,
    });
    const task = generation === "current"
      ? await createdCurrent(local, { search_query: "Rust 2.0 release", name: "W" })
      : await created(local, { notify_behavior: "always" });
    const run = (await api("POST", `/api/v1/tasks/${task.id}/execute`)).json as Json;
    const rows = await waitFor(async () => {
      const list = (await api("GET", `/api/v1/webhooks/deliveries?task_id=${task.id}`)).json;
      return list.length ? list : undefined;
    });
    assert.equal(receiver.got.length, 1);
    const { headers, body } = receiver.got[0];
    const t = headers.get("x-torale-timestamp")!;
    assert.equal(
      headers.get("x-torale-signature"),
      `t=${t},v1=${await hmacHex(config.json.secret, `${t}.${body}`)}`,
    );
    assert.equal(headers.get("x-torale-delivery"), run.id);
    const event = JSON.parse(body);
    assert.equal(event.id, run.id);
    assert.equal(event.data.task.id, task.id);
    assert.equal(event.data.result.answer, "Out now");
    assert.deepEqual(event.data.result.grounding_sources, [
      { url: "https://x.example/a", title: "x.example" },
    ]);
    assert.deepEqual(Object.keys(rows[0]), [
      "id",
      "task_id",
      "webhook_url",
      "http_status",
      "attempt_number",
      "delivered_at",
      "failed_at",
      "error_message",
      "created_at",
    ]);
    assert.equal(rows[0].http_status, 200);
    assert.equal(rows[0].attempt_number, 1);
    assert.equal(rows[0].error_message, null);
    assert.match(rows[0].delivered_at, /\+00:00$/);
    // The first successful run only gets the (unlogged) welcome mail; the second is logged.
    assert.deepEqual((await api("GET", "/api/v1/notifications/sends")).json, {
      sends: [],
      total: 0,
    });
    const second = (await api("POST", `/api/v1/tasks/${task.id}/execute`)).json as Json;
    const sends = await waitFor(async () => {
      const found = (await api("GET", `/api/v1/notifications/sends?task_id=${task.id}`)).json;
      return found.total ? found : undefined;
    });
    assert.equal(sends.sends.length, 1);
    assert.equal(sends.sends[0].execution_id, second.id);
    assert.equal(sends.sends[0].recipient, "user@example.com");
    assert.equal(sends.sends[0].notification_type, "email");
    assert.equal(sends.sends[0].status, "skipped");
    await waitFor(() => Promise.resolve(receiver.got.length === 2 ? true : undefined));
  });

  Deno.test(`${generation}: a run whose condition is not met delivers nothing`, async () => {
    await using local = await startTestApi({ generation });
    await using receiver = await startReceiver();
    const api = client(local, local.key);
    await api("PUT", "/api/v1/webhooks/config", { webhook_url: receiver.url, enabled: true });
    const task = generation === "current"
      ? await createdCurrent(local, { search_query: "nothing canned" })
      : await created(local);
    await api("POST", `/api/v1/tasks/${task.id}/execute`);
    await waitFor(async () => {
      const [run] = (await api("GET", `/api/v1/tasks/${task.id}/executions`)).json;
      return run.status === "success" ? run : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(receiver.got.length, 0);
  });

  Deno.test(`${generation}: a failed delivery is logged with its error and no delivered_at`, async () => {
    await using local = await startTestApi({
      generation,
      results: { "*": MET },
      deliverToAccountWebhook: true,
    });
    await using receiver = await startReceiver(503);
    const api = client(local, local.key);
    await api("PUT", "/api/v1/webhooks/config", { webhook_url: receiver.url, enabled: true });
    const task = generation === "current"
      ? await createdCurrent(local, { search_query: "q" })
      : await created(local);
    await api("POST", `/api/v1/tasks/${task.id}/execute`);
    const [row] = await waitFor(async () => {
      const list = (await api("GET", "/api/v1/webhooks/deliveries")).json;
      return list.length ? list : undefined;
    });
    assert.equal(row.http_status, 503);
    assert.equal(row.delivered_at, null);
    assert.equal(row.error_message, "HTTP 503: nope");
    assert.equal(receiver.got.length, 1, "no retries");
  });

  Deno.test(`${generation}: deliveries and sends: foreign or malformed task ids`, async () => {
    await using local = await startTestApi({ generation });
    const api = client(local, local.key);
    const foreign = await api(
      "GET",
      "/api/v1/webhooks/deliveries?task_id=00000000-0000-0000-0000-00000000abcd",
    );
    assert.equal(foreign.status, 404);
    assert.deepEqual(foreign.json, { detail: "Task not found" });
    assert.equal((await api("GET", "/api/v1/webhooks/deliveries?task_id=nope")).status, 500);
    assert.equal((await api("GET", "/api/v1/notifications/sends?task_id=nope")).status, 500);
    const empty = await api(
      "GET",
      "/api/v1/notifications/sends?task_id=00000000-0000-0000-0000-00000000abcd",
    );
    assert.deepEqual(empty.json, { sends: [], total: 0 });
  });
}

Deno.test("a task's own webhook notification must be https (the account config may be http)", async () => {
  await using local = await startCurrentApi();
  const api = client(local, local.key);
  const refused = await api("POST", "/api/v1/tasks/", {
    search_query: "q",
    notifications: [{ type: "webhook", url: "http://127.0.0.1:9/hook" }],
  });
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.json, { detail: "Invalid notification: Webhook URL must use HTTPS" });
});

Deno.test("a task's own webhook wins over the account's: its URL, its hidden secret, its headers", async () => {
  await using local = await startCurrentApi({
    results: { "*": MET },
    deliverToAccountWebhook: true,
  });
  await using receiver = await startReceiver();
  const api = client(local, local.key);
  await api("PUT", "/api/v1/webhooks/config", { webhook_url: receiver.url, enabled: true });
  // Nothing listens on port 9: the attempt fails fast, without leaving this machine.
  const task = await createdCurrent(local, {
    search_query: "q",
    notifications: [{ type: "webhook", url: "https://127.0.0.1:9/hook" }],
  });
  await api("POST", `/api/v1/tasks/${task.id}/execute`);
  const [row] = await waitFor(async () => {
    const list = (await api("GET", "/api/v1/webhooks/deliveries")).json;
    return list.length ? list : undefined;
  });
  assert.equal(row.webhook_url, "https://127.0.0.1:9/hook");
  assert.equal(row.http_status, null);
  assert.match(row.error_message, /^Request error: /);
  assert.equal(receiver.got.length, 0, "the account's URL is only the fallback");
});

Deno.test("a disabled account webhook receives nothing from runs, even with the convenience on", async () => {
  await using local = await startTestApi({ results: { "*": MET }, deliverToAccountWebhook: true });
  await using receiver = await startReceiver();
  const api = client(local, local.key);
  await api("PUT", "/api/v1/webhooks/config", { webhook_url: receiver.url, enabled: false });
  const task = await created(local, { notify_behavior: "always" });
  await api("POST", `/api/v1/tasks/${task.id}/execute`);
  await waitFor(async () => {
    const [run] = (await api("GET", `/api/v1/tasks/${task.id}/executions`)).json;
    return run.status === "success" ? run : undefined;
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(receiver.got.length, 0);
  assert.deepEqual((await api("GET", "/api/v1/webhooks/deliveries")).json, []);
});

Deno.test("current: a condition email goes to the task's address only once it is verified", async () => {
  await using local = await startTestApi({
    generation: "current",
    results: { "rust 2.0 release": MET },
  });
  const api = client(local, local.key);
  const task = await createdCurrent(local, {
    search_query: "Rust 2.0 release",
    name: "Mail",
    notifications: [{ type: "email", address: "alerts@example.org" }],
  });
  const sendsAfter = async (count: number) => {
    await api("POST", `/api/v1/tasks/${task.id}/execute`);
    return await waitFor(async () => {
      const found = (await api("GET", `/api/v1/notifications/sends?task_id=${task.id}`)).json;
      return found.total === count ? found.sends : undefined;
    });
  };
  await api("POST", `/api/v1/tasks/${task.id}/execute`); // the first run: welcome mail only
  await waitFor(async () => {
    const runs = (await api("GET", `/api/v1/tasks/${task.id}/executions`)).json;
    return runs[0]?.status === "success" ? true : undefined;
  });
  // Unverified: accepted silently, and the mail goes to the account's address.
  assert.equal((await sendsAfter(1))[0].recipient, "user@example.com");
  await api("POST", "/api/v1/email-verification/send", { email: "alerts@example.org" });
  const code = local.api.verificationCode("alerts@example.org");
  const verified = await api("POST", "/api/v1/email-verification/verify", {
    email: "alerts@example.org",
    code,
  });
  assert.equal(verified.status, 200, verified.text);
  assert.equal((await sendsAfter(2))[0].recipient, "alerts@example.org");
});

/** A loopback port nothing listens on: connecting to it is refused at once. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

Deno.test("current: a refused task webhook is recorded in httpx's words and marks the run notification_failed", async () => {
  await using local = await startCurrentApi({ results: { "*": MET } });
  const api = client(local, local.key);
  const url = `https://127.0.0.1:${closedPort()}/hook`;
  const task = await createdCurrent(local, {
    search_query: "q",
    notifications: [{ type: "webhook", url }],
  });
  await api("POST", `/api/v1/tasks/${task.id}/execute`);
  const [row] = await waitFor(async () => {
    const list = (await api("GET", "/api/v1/webhooks/deliveries")).json;
    return list.length ? list : undefined;
  });
  assert.equal(row.error_message, "Request error: All connection attempts failed");
  const [run] = await waitFor(async () => {
    const runs = (await api("GET", `/api/v1/tasks/${task.id}/executions`)).json as Json[];
    return (runs[0]?.result as Json | null)?.notification_failed ? runs : undefined;
  });
  assert.equal((run.result as Json).notification_failed, true);
});

Deno.test("current: POST /webhooks/test to a refused port answers httpx's message", async () => {
  await using local = await startCurrentApi();
  const res = await client(local, local.key)("POST", "/api/v1/webhooks/test", {
    webhook_url: `http://127.0.0.1:${closedPort()}/hook`,
    webhook_secret: "s",
  });
  assert.equal(res.status, 400);
  assert.equal(
    res.json.detail,
    "Webhook delivery failed: Request error: All connection attempts failed",
  );
});
