/**
 * The demo's MCP step: `torale mcp serve` started on stdio by an MCP client (the SDK's own,
 * as an agent host would), its tools listed and `list_tasks` called against the demo's API.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

/** Starts the server with `command` (the CLI's argv and env), lists tools, lists tasks. */
export async function mcpStep(
  command: { args: string[]; env: Record<string, string> },
  bold: (text: string) => string,
): Promise<void> {
  console.log(bold("$ torale mcp serve   # started by an agent host: the MCP SDK's client"));
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: [...command.args, "mcp", "serve"],
    env: command.env,
    stderr: "pipe",
  });
  const client = new Client({ name: "torale-demo", version: "1.0.0" });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    console.log(
      `tools/list: ${tools.length} tools: ${tools.map((t: { name: string }) => t.name).join(", ")}`,
    );
    const result = await client.callTool({ name: "list_tasks", arguments: { limit: 5 } });
    const content = result.content as { type: string; text?: string }[];
    if (result.isError) throw new Error(`list_tasks failed: ${content[0]?.text}`);
    console.log("tools/call list_tasks:");
    for (const part of content) if (part.type === "text") console.log(part.text);
    const total = (result.structuredContent as { total?: number } | undefined)?.total;
    if (typeof total !== "number" || total === 0) throw new Error("list_tasks listed no tasks");
  } finally {
    await client.close();
  }
  console.log();
}
