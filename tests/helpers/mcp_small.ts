/**
 * A small MCP server for the transport's tests (tests/unit/mcp_http_test.ts) and the conformance
 * fixture: one tool that reports progress before it answers, one resource.
 */
// @ts-types="@modelcontextprotocol/sdk/server/mcp"
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

/** A new server: tool `echo` (text in, text out, one progress notification), resource `torale://hello`. */
export function smallServer(): McpServer {
  const server = new McpServer({ name: "torale-test", version: "0.0.0" });
  server.registerTool("echo", {
    description: "Answers with the text it is given",
    inputSchema: { text: z.string().describe("What to echo") },
    annotations: { readOnlyHint: true },
  }, async ({ text }, extra) => {
    const progressToken = extra._meta?.progressToken;
    if (progressToken !== undefined) {
      await extra.sendNotification({
        method: "notifications/progress",
        params: { progressToken, progress: 1, total: 2 },
      });
    }
    return { content: [{ type: "text", text: `echo: ${text}` }] };
  });
  server.registerResource("hello", "torale://hello", {
    description: "A greeting",
    mimeType: "text/plain",
  }, (uri) => ({ contents: [{ uri: uri.href, mimeType: "text/plain", text: "hello" }] }));
  return server;
}
