/**
 * `createServer(context)`: one MCP server over the CLI's own core, with every tool and
 * resource registered (read tools only in read-only mode). The stdio command makes one; the
 * HTTP transport makes one per session from the same context.
 */
import { VERSION } from "../version.ts";
import type { McpContext } from "./context.ts";
import { addResources } from "./resources.ts";
import { schemas } from "./schemas.ts";
import type { McpServer } from "./sdk.ts";
import { addConnectorTools } from "./tools_connectors.ts";
import { addRunTools } from "./tools_runs.ts";
import { addMoreTools } from "./tools_more.ts";
import { addTaskTools } from "./tools_tasks.ts";

export type { McpContext } from "./context.ts";

/** What an agent is told about this server when it connects. */
const INSTRUCTIONS = [
  "Torale watches the web: a task is a search query plus a condition; the service runs it and",
  "notifies (email/webhook) when the condition is met. Tasks are named by id, unique id prefix",
  "or exact name. Two API generations exist: what one lacks is refused (isError) with the",
  "reason, and nothing is sent. Every write is checked against the server's answer.",
  "Resources: torale://tasks/{id} and torale://tasks/{id}/runs. Connectors (current API): only",
  "the user can approve one, in a browser, at the URL connect_connector answers.",
].join(" ");

/** A new server with the tools and resources of `context`; not yet connected. */
export function createServer(context: McpContext): McpServer {
  const server = new context.sdk.McpServer(
    { name: "torale", title: "Torale", version: VERSION },
    {
      instructions: INSTRUCTIONS +
        (context.readOnly
          ? " This server is read-only: it has no tools that change anything."
          : ""),
    },
  );
  const shared = schemas(context.sdk.z);
  addTaskTools(server, context, shared);
  addRunTools(server, context, shared);
  addMoreTools(server, context, shared);
  addConnectorTools(server, context);
  addResources(server, context);
  return server;
}
