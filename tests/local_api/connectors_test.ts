/**
 * Contract tests of the connectors (torale-api-current.md §3.8, d64cd83
 * `api/routers/connectors.py`), and of the stand-in's own authorize page that plays Composio.
 */
import assert from "node:assert/strict";
import { client, type Json, startCurrentApi } from "./client.ts";
import { startTestApi } from "../helpers/api.ts";

const AVAILABLE = [
  {
    slug: "notion",
    display_name: "Notion",
    description: "Lets the agent read pages and databases in your Notion workspace.",
  },
  {
    slug: "linear",
    display_name: "Linear",
    description: "Lets the agent read issues, projects, and cycles from Linear.",
  },
  {
    slug: "github",
    display_name: "GitHub",
    description: "Lets the agent read issues, PRs, and repository metadata from GitHub.",
  },
];

/** GETs a page as a browser would (redirects followed); the final status, type and text. */
async function browse(url: string): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(url);
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, type, text: await response.text() };
}

Deno.test("connectors available: the service's three toolkits, with its copy; a key is required", async () => {
  await using local = await startCurrentApi();
  const res = await client(local, local.key)("GET", "/api/v1/connectors/available");
  assert.deepEqual([res.status, res.json], [200, AVAILABLE]);
  const anonymous = await client(local)("GET", "/api/v1/connectors/available");
  assert.deepEqual([anonymous.status, anonymous.json], [401, { detail: "Not authenticated" }]);
});

Deno.test("connectors: connect, authorize in the browser, listed ACTIVE; disconnect; per user", async (t) => {
  await using local = await startCurrentApi();
  const api = client(local, local.key);
  const other = client(local, await local.api.createKey("other@example.com"));
  await t.step("nothing connected: an empty list", async () => {
    const res = await api("GET", "/api/v1/connectors");
    assert.deepEqual([res.status, res.json], [200, []]);
  });
  let redirect = "";
  await t.step("connect answers a redirect_url on this server; the row is INITIATED", async () => {
    const res = await api("POST", "/api/v1/connectors/notion/connect");
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.json), ["redirect_url"]);
    redirect = res.json.redirect_url;
    assert.ok(redirect.startsWith(`${local.url}/local/connectors/authorize?`), redirect);
    const list = await api("GET", "/api/v1/connectors");
    assert.deepEqual(list.json, [{
      toolkit_slug: "notion",
      display_name: "Notion",
      status: "INITIATED",
      status_reason: null,
      connected_at: null,
      last_used_at: null,
    }]);
  });
  await t.step("the other user sees none of it", async () => {
    assert.deepEqual((await other("GET", "/api/v1/connectors")).json, []);
  });
  await t.step("opening the page shows the callback's success page and activates it", async () => {
    const page = await browse(redirect);
    assert.equal(page.status, 200);
    // Starlette's HTMLResponse, as the real server (the conformance run) sends it.
    assert.equal(page.type, "text/html; charset=utf-8");
    assert.match(page.text, /<h1>Connection complete<\/h1>/);
    const [row] = (await api("GET", "/api/v1/connectors")).json as Json[];
    assert.equal(row.status, "ACTIVE");
    assert.match(String(row.connected_at), /^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  });
  await t.step("opening it again: still success (the callback is idempotent)", async () => {
    assert.match((await browse(redirect)).text, /Connection complete/);
  });
  await t.step("connect when ACTIVE: no redirect_url, still ACTIVE", async () => {
    const res = await api("POST", "/api/v1/connectors/notion/connect");
    assert.deepEqual([res.status, res.json], [200, { redirect_url: null }]);
    assert.equal((await api("GET", "/api/v1/connectors")).json[0].status, "ACTIVE");
  });
  await t.step("the list follows the registry's order", async () => {
    await api("POST", "/api/v1/connectors/github/connect");
    await api("POST", "/api/v1/connectors/linear/connect");
    const slugs = (await api("GET", "/api/v1/connectors")).json.map((row: Json) =>
      row.toolkit_slug
    );
    assert.deepEqual(slugs, ["notion", "linear", "github"]);
  });
  await t.step("disconnect: 204 without a body, then 404 Not connected", async () => {
    const res = await api("DELETE", "/api/v1/connectors/notion");
    assert.deepEqual([res.status, res.text], [204, ""]);
    const again = await api("DELETE", "/api/v1/connectors/notion");
    assert.deepEqual([again.status, again.json], [404, { detail: "Not connected" }]);
    const other404 = await other("DELETE", "/api/v1/connectors/linear");
    assert.deepEqual([other404.status, other404.json], [404, { detail: "Not connected" }]);
  });
});

Deno.test("connectors connect: an unknown toolkit is 404 naming it", async () => {
  await using local = await startCurrentApi();
  const res = await client(local, local.key)("POST", "/api/v1/connectors/slack/connect");
  assert.deepEqual([res.status, res.json], [404, { detail: "Unknown toolkit: slack" }]);
});

Deno.test("connectors callback: a declined authorization is FAILED with the callback's reason; a forged one changes nothing", async (t) => {
  await using local = await startCurrentApi();
  const api = client(local, local.key);
  const redirect = (await api("POST", "/api/v1/connectors/linear/connect")).json.redirect_url;
  const params = new URL(redirect).searchParams;
  await t.step(
    "a callback naming another account: the failure page, the row untouched",
    async () => {
      const forged = new URLSearchParams({
        user_id: params.get("user_id")!,
        status: "success",
        connectedAccountId: "ca_attacker",
        appName: "linear",
      });
      const page = await browse(`${local.url}/api/v1/connectors/callback?${forged}`);
      assert.equal(page.type, "text/html; charset=utf-8");
      assert.match(page.text, /<h1>Connection failed<\/h1>/);
      assert.equal((await api("GET", "/api/v1/connectors")).json[0].status, "INITIATED");
    },
  );
  await t.step("declined: FAILED, status_reason callback_status=failed", async () => {
    const page = await browse(`${redirect}&outcome=failed`);
    assert.match(page.text, /Connection failed/);
    const [row] = (await api("GET", "/api/v1/connectors")).json as Json[];
    assert.deepEqual([row.status, row.status_reason, row.connected_at], [
      "FAILED",
      "callback_status=failed",
      null,
    ]);
  });
  await t.step("a new connect clears the reason and starts over", async () => {
    await api("POST", "/api/v1/connectors/linear/connect");
    const [row] = (await api("GET", "/api/v1/connectors")).json as Json[];
    assert.deepEqual([row.status, row.status_reason], ["INITIATED", null]);
  });
  await t.step("no user_id and no status: 422 listing both", async () => {
    const res = await client(local)("GET", "/api/v1/connectors/callback");
    assert.equal(res.status, 422);
    assert.deepEqual(res.json.detail.map((issue: Json) => [issue.type, issue.loc]), [
      ["missing", ["query", "user_id"]],
      ["missing", ["query", "status"]],
    ]);
  });
  await t.step("a user_id that is not a UUID: 422 uuid_parsing", async () => {
    const res = await client(local)("GET", "/api/v1/connectors/callback?user_id=x&status=success");
    assert.deepEqual([res.status, res.json.detail[0].type, res.json.detail[0].loc], [
      422,
      "uuid_parsing",
      ["query", "user_id"],
    ]);
  });
});

Deno.test("connectors routing: the slash path is a 307 to the canonical one; other methods 405 as Starlette answers", async () => {
  await using local = await startCurrentApi();
  const api = client(local, local.key);
  const slash = await api("GET", "/api/v1/connectors/");
  assert.deepEqual([slash.status, slash.headers.get("location")], [
    307,
    `${local.url}/api/v1/connectors`,
  ]);
  const post = await api("POST", "/api/v1/connectors");
  assert.deepEqual([post.status, post.headers.get("allow")], [405, "GET"]);
  // `/callback` matches `DELETE /{toolkit_slug}` before its own route.
  const callback = await api("POST", "/api/v1/connectors/callback");
  assert.deepEqual([callback.status, callback.headers.get("allow")], [405, "DELETE"]);
});

Deno.test("connectors on the classic generation: 404, as the classic service has none", async () => {
  await using local = await startTestApi();
  const api = client(local, local.key);
  for (
    const [method, path] of [
      ["GET", "/api/v1/connectors"],
      ["GET", "/api/v1/connectors/available"],
      ["POST", "/api/v1/connectors/notion/connect"],
      ["GET", "/local/connectors/authorize"],
    ]
  ) {
    const res = await api(method, path);
    assert.deepEqual([res.status, res.json], [404, { detail: "Not Found" }], `${method} ${path}`);
  }
});
