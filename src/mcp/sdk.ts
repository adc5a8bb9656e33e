/**
 * The MCP SDK and zod, loaded by name only when `torale mcp` runs (see src/packages.ts): a
 * statically analysable import would have Deno prepare them, and the release bundle inline
 * them, on every run of every command. Everything in src/mcp/ gets them from here, as values.
 */
import { importPackage } from "../packages.ts";

/** Loads what the MCP server is built from. */
export async function loadSdk() {
  const [mcp, stdio, zod] = await Promise.all([
    importPackage("@modelcontextprotocol/sdk/server/mcp.js"),
    importPackage("@modelcontextprotocol/sdk/shared/stdio.js"),
    importPackage("zod"),
  ]);
  return {
    McpServer: mcp.McpServer,
    ResourceTemplate: mcp.ResourceTemplate,
    deserializeMessage: stdio.deserializeMessage,
    serializeMessage: stdio.serializeMessage,
    z: zod.z,
  };
}

/** The loaded SDK and zod. */
export type Sdk = Awaited<ReturnType<typeof loadSdk>>;

/** zod, as loaded. */
export type Zod = Sdk["z"];

/** An MCP server (the SDK's high-level one). */
export type McpServer = import("@modelcontextprotocol/sdk/server/mcp.js").McpServer;

/** A JSON-RPC message, as the transports carry them. */
export type JsonRpcMessage = import("@modelcontextprotocol/sdk/types.js").JSONRPCMessage;

/** A tool's answer. */
export type ToolResult = import("@modelcontextprotocol/sdk/types.js").CallToolResult;

/** What a tool's callback is given besides its arguments: the request's signal, progress token, … */
export type ToolExtra = import("@modelcontextprotocol/sdk/shared/protocol.js").RequestHandlerExtra<
  import("@modelcontextprotocol/sdk/types.js").ServerRequest,
  import("@modelcontextprotocol/sdk/types.js").ServerNotification
>;

/** A transport, as the SDK connects one. */
export type Transport = import("@modelcontextprotocol/sdk/shared/transport.js").Transport;
