/**
 * createServer in process, through the SDK's in-memory transport and a stubbed API: a write
 * the server did not make is an isError answer, the current service's 500 on a context is
 * explained, and a key the server echoes back is masked in the answer.
 */
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ApiClient } from "../../src/api/client.ts";
import type { Generation } from "../../src/api/generation.ts";
import { loadSdk } from "../../src/mcp/sdk.ts";
import { createServer } from "../../src/mcp/server.ts";
import { json, type Stub, stubFetch } from "../helpers/fetch_stub.ts";

const KEY = `sk_${"Q7w".repeat(14)}Z`;
const ID = "3f2c0000-0000-4000-8000-000000000001";
const TASK = {
  id: ID,
  name: "Rust",
  state: "active",
  search_query: "Rust 2.0",
  condition_description: "Released",
  notifications: [],
  created_at: "2026-01-01T00:00:00Z",
  next_run: null,
};

/** A connected client of a server over `stubs`, and a check that every stub was used. */
async function connect(generation: Generation, stubs: Stub[]) {
  const api = stubFetch(stubs);
  const client = new ApiClient({
    baseUrl: "http://127.0.0.1:9",
    apiKey: KEY,
    timeoutS: 5,
    userAgent: "test",
    fetch: api.fetch,
    clock: { now: () => Date.now(), sleep: () => Promise.resolve() },
  });
  const server = createServer({
    sdk: await loadSdk(),
    api: () => client,
    generation: () => Promise.resolve(generation),
    readOnly: false,
    clock: { now: () => Date.now(), sleep: () => Promise.resolve() },
    secrets: [KEY],
    log: () => {},
  });
  const [near, far] = InMemoryTransport.createLinkedPair();
  await server.connect(far);
  const mcp = new Client({ name: "t", version: "1" });
  await mcp.connect(near);
  const call = async (name: string, args: Record<string, unknown>) =>
    await mcp.callTool({ name, arguments: args }) as CallToolResult;
  return { call, api, mcp, close: () => mcp.close() };
}

function text(result: CallToolResult): string {
  return (result.content as { text: string }[]).map((part) => part.text).join("\n");
}

Deno.test("update_task: a change the server answered but did not make is an isError answer", async () => {
  const { call, api, close } = await connect("current", [
    { method: "GET", path: "/api/v1/tasks/", respond: () => json(200, [TASK]) },
    { method: "PUT", path: `/api/v1/tasks/${ID}`, respond: () => json(200, TASK) },
  ]);
  const result = await call("update_task", { task: ID, name: "Rust 2" });
  assert.equal(result.isError, true);
  assert.match(text(result), /^Error: The server did not apply "name" of the change\n/);
  api.assertDone();
  await close();
});

Deno.test("create_task: the current service's 500 on a context says it is the upstream bug", async () => {
  const { call, api, close } = await connect("current", [
    { method: "GET", path: "/api/v1/tasks/", respond: () => json(200, []) },
    {
      method: "POST",
      path: "/api/v1/tasks/",
      respond: () => json(500, { detail: "Internal Server Error" }),
    },
  ]);
  const result = await call("create_task", {
    query: "Rust 2.0",
    condition: "Released",
    context: { action: "tell me" },
  });
  assert.equal(result.isError, true);
  assert.match(
    text(result),
    /answers 500 to any task context \(an upstream bug\): nothing was saved/,
  );
  api.assertDone();
  await close();
});

Deno.test("get_task: a key the server echoes back is masked in the data and the text", async () => {
  const { call, api, close } = await connect("classic", [
    {
      method: "GET",
      path: `/api/v1/tasks/${ID}`,
      respond: () => json(200, { ...TASK, name: `leak ${KEY}` }),
    },
  ]);
  const result = await call("get_task", { task: ID });
  assert.notEqual(result.isError, true, text(result));
  assert.ok(!JSON.stringify(result).includes(KEY), "the key is in the answer");
  assert.equal(
    (result.structuredContent?.task as { name: string }).name,
    `leak sk_...${KEY.slice(-5)}`,
  );
  api.assertDone();
  await close();
});

Deno.test("create_task: an email the account has not verified comes back as a warning", async () => {
  const { call, api, close } = await connect("current", [
    { method: "GET", path: "/api/v1/tasks/", respond: () => json(200, []) },
    {
      method: "GET",
      path: "/api/v1/email-verification/verified-emails",
      respond: () => json(200, { verified_emails: [], primary_email: "Me@example.com" }),
    },
    {
      method: "POST",
      path: "/api/v1/tasks/",
      respond: async (request) => json(200, { ...TASK, ...await request.json() }),
    },
  ]);
  const result = await call("create_task", {
    query: "Rust 2.0",
    condition: "Released",
    email: "me@example.com",
  });
  assert.notEqual(result.isError, true, text(result));
  assert.deepEqual(result.structuredContent?.warnings, [
    "me@example.com is not verified: Torale sends no email there until it is",
    "Me@example.com is verified: Torale matches addresses letter for letter, so use Me@example.com",
  ]);
  assert.match(text(result), /\nWarning: me@example\.com is not verified/);
  api.assertDone();
  await close();
});

Deno.test("resources: a failed read's error is made safe and keyless like a tool's", async () => {
  const { mcp, api, close } = await connect("classic", [
    {
      method: "GET",
      path: `/api/v1/tasks/${ID}`,
      respond: () => json(409, { detail: `bad \x1b]52;c;evil\x07 \u202e ${KEY}` }),
    },
  ]);
  const error = await mcp.readResource({ uri: `torale://tasks/${ID}` }).then(
    () => assert.fail("the read succeeded"),
    (error: Error) => error,
  );
  assert.match(error.message, /bad \\e\]52;c;evil\\x07 \\u202e sk_\.\.\./);
  assert.ok(!error.message.includes(KEY), error.message);
  for (const raw of ["\x1b", "\x07", "\u202e"]) {
    assert.ok(!error.message.includes(raw), error.message);
  }
  api.assertDone();
  await close();
});
