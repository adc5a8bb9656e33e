/**
 * The tools the server registers are the tools its docs name: every one in the help of
 * `torale mcp serve` (src/commands/mcp/routes.ts) and in the table of docs/guide/agents.md, with
 * the kind (read or write) its annotations say, and no row for a tool that does not exist.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { loadSdk } from "../../src/mcp/sdk.ts";
import { createServer } from "../../src/mcp/server.ts";

const ROOT = join(import.meta.dirname!, "..", "..");

/** name → whether it reads only, as tools/list describes the tools. */
async function registered(): Promise<Map<string, boolean>> {
  const server = createServer({
    sdk: await loadSdk(),
    api: () => {
      throw new Error("no API in this test");
    },
    generation: () => Promise.resolve("current"),
    readOnly: false,
    clock: { now: () => Date.now(), sleep: () => Promise.resolve() },
    secrets: [],
    log: () => {},
  });
  const [near, far] = InMemoryTransport.createLinkedPair();
  await server.connect(far);
  const client = new Client({ name: "t", version: "1" });
  await client.connect(near);
  const { tools } = await client.listTools();
  await client.close();
  return new Map(tools.map((tool) => [tool.name, tool.annotations?.readOnlyHint === true]));
}

Deno.test("every tool is named in the help of mcp serve and in the agents guide, read or write as annotated", async () => {
  const tools = await registered();
  assert.ok(tools.has("list_connectors") && tools.has("disconnect_connector"));
  const help = await Deno.readTextFile(join(ROOT, "src/commands/mcp/routes.ts"));
  const guide = await Deno.readTextFile(join(ROOT, "docs/guide/agents.md"));
  const rows = new Map(
    [...guide.matchAll(/^\| `([a-z_]+)` +\| .*\| (read|write) +\|$/gm)].map((
      [, name, kind],
    ) => [name, kind]),
  );
  for (const [name, readOnly] of tools) {
    assert.match(help, new RegExp(`\\b${name}\\b`), `the help of mcp serve names ${name}`);
    assert.equal(rows.get(name), readOnly ? "read" : "write", `the guide's row of ${name}`);
  }
  assert.deepEqual([...rows.keys()].filter((name) => !tools.has(name)), []);
});
