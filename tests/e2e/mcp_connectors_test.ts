/**
 * The connector tools of `torale mcp serve` (stdio, the SDK's client, the local API): listing
 * toolkits with the user's status, starting a connection (the URL the user opens; here the test
 * opens it as the user's browser would), disconnecting twice, `connectors` on create_task and
 * update_task held to active connections, and the classic API's refusals with the CLI's text.
 */
import assert from "node:assert/strict";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startTestApi } from "../helpers/api.ts";
import { tempHome } from "../helpers/cli.ts";
import { assertClean, data, startMcp, textOf, type ToolInfo } from "../helpers/mcp.ts";

type Row = { slug: string; status: string | null };

Deno.test("mcp (current): connectors are listed, connected through the user's browser, attached to tasks and disconnected", async () => {
  await using t = await startTestApi({ generation: "current" });
  const env = { HOME: await tempHome(), TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
  await using mcp = await startMcp([], env);
  const call = (name: string, args: Record<string, unknown> = {}) =>
    mcp.client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
  const statusOf = async (slug: string) =>
    (data(await call("list_connectors")).connectors as Row[]).find((row) => row.slug === slug)
      ?.status;

  const tools = new Map(
    ((await mcp.client.listTools()).tools as ToolInfo[]).map((tool) => [tool.name, tool]),
  );
  assert.deepEqual(tools.get("list_connectors")?.annotations?.readOnlyHint, true);
  const connect = tools.get("connect_connector")!;
  assert.equal(connect.annotations?.idempotentHint, false);
  assert.equal(connect.annotations?.destructiveHint, false);
  assert.match(connect.description!, /cannot complete the OAuth/);
  assert.match(connect.description!, /Not idempotent/);
  const revoke = tools.get("disconnect_connector")!;
  assert.equal(revoke.annotations?.destructiveHint, true);
  assert.equal(revoke.annotations?.idempotentHint, true);
  for (const tool of [connect, revoke, tools.get("list_connectors")!]) {
    assert.ok(tool.outputSchema, `${tool.name} has an output schema`);
  }

  const listed = data(await call("list_connectors")).connectors as Row[];
  assert.deepEqual(listed.map((row) => [row.slug, row.status]), [
    ["notion", null],
    ["linear", null],
    ["github", null],
  ]);

  // Not connected yet: the task is refused as `task create --connector` refuses it, unsent.
  const refused = await call("create_task", { query: "q", condition: "c", connectors: ["linear"] });
  assert.equal(refused.isError, true);
  assert.match(
    textOf(refused),
    /^Error: Connector "linear" is not an active connection of your account; nothing was sent\nConnect it first: torale connectors connect linear/,
  );
  assert.equal(data(await call("list_tasks")).total, 0);

  const started = data(await call("connect_connector", { toolkit: "linear" }));
  assert.equal(started.status, "INITIATED");
  const url = String(started.redirect_url);
  assert.ok(url.startsWith(`${t.url}/local/connectors/authorize?`), url);
  assert.equal(await statusOf("linear"), "INITIATED");
  // The user opens the URL and approves.
  assert.match(await (await fetch(url)).text(), /Connection complete/);
  assert.equal(await statusOf("linear"), "ACTIVE");
  const again = data(await call("connect_connector", { toolkit: "linear" }));
  assert.deepEqual(again, { toolkit_slug: "linear", status: "ACTIVE", redirect_url: null });

  const created = data(
    await call("create_task", {
      query: "Linear issues about the release",
      condition: "A blocker is filed",
      name: "Blockers",
      connectors: ["linear", "linear"],
    }),
  ).task as { id: string; attached_connector_slugs: string[] };
  assert.deepEqual(created.attached_connector_slugs, ["linear"]);

  const notion = await call("update_task", { task: created.id, connectors: ["notion"] });
  assert.equal(notion.isError, true);
  assert.match(textOf(notion), /^Error: Connector "notion" is not an active connection/);
  const detached = data(await call("update_task", { task: "Blockers", connectors: [] }));
  assert.deepEqual(
    (detached.task as { attached_connector_slugs: string[] }).attached_connector_slugs,
    [],
  );

  const bad = await call("connect_connector", { toolkit: "Linear!" });
  assert.equal(bad.isError, true);
  const unknown = await call("connect_connector", { toolkit: "jira" });
  assert.equal(unknown.isError, true);
  assert.match(textOf(unknown), /^Error: Unknown toolkit: "jira"/);

  assert.deepEqual(data(await call("disconnect_connector", { toolkit: "linear" })), {
    toolkit_slug: "linear",
    disconnected: true,
  });
  assert.equal(await statusOf("linear"), null);
  // Idempotent: once more is no error, and says there was nothing to revoke.
  const twice = await call("disconnect_connector", { toolkit: "linear" });
  assert.deepEqual(data(twice), { toolkit_slug: "linear", disconnected: false });
  assert.match(textOf(twice), /was not connected/);

  await mcp.close();
  assertClean(mcp.bytes, t.key);
});

Deno.test("mcp (classic): the connector tools and `connectors` refuse with the CLI's reason and send nothing", async () => {
  const requests: string[] = [];
  await using t = await startTestApi({ generation: "classic", log: (line) => requests.push(line) });
  const env = { HOME: await tempHome(), TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
  await using mcp = await startMcp([], env);
  const call = (name: string, args: Record<string, unknown> = {}) =>
    mcp.client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
  const task = data(await call("create_task", { query: "q", condition: "c", name: "T" }))
    .task as { id: string };

  for (
    const [tool, verb, args] of [
      ["list_connectors", "list", {}],
      ["connect_connector", "connect", { toolkit: "linear" }],
      ["disconnect_connector", "disconnect", { toolkit: "linear" }],
    ] as const
  ) {
    const result = await call(tool, args);
    assert.equal(result.isError, true, textOf(result));
    assert.equal(
      textOf(result),
      `Error: \`torale connectors ${verb}\` needs the current Torale API; ${t.url} speaks the ` +
        "classic one\nConnectors (Notion, Linear, GitHub) arrived in the April 2026 API. " +
        "Nothing was sent.",
    );
  }
  const unsupported = new RegExp(
    "^Error: Connectors are not supported by the classic Torale API at .*; nothing was sent",
  );
  const created = await call("create_task", { query: "q", condition: "c", connectors: ["linear"] });
  assert.equal(created.isError, true);
  assert.match(textOf(created), unsupported);
  const updated = await call("update_task", { task: task.id, connectors: ["linear"] });
  assert.equal(updated.isError, true);
  assert.match(textOf(updated), unsupported);

  assert.deepEqual(requests.filter((line) => line.includes("/connectors")), []);
  assert.equal(requests.filter((line) => line.startsWith("PUT ")).length, 0);
  assert.equal(requests.filter((line) => line.startsWith("POST /api/v1/tasks")).length, 1);
  await mcp.close();
  assertClean(mcp.bytes, t.key);
});
