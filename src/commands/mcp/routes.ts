/** `torale mcp …`: Torale for AI agents over the Model Context Protocol, loaded only when run. */
import { command, optionalText, routes, toggle } from "../../kit/spec.ts";
import { mcpConfigCommand } from "./config_spec.ts";

/** The `mcp` tree. */
export function mcpRoutes() {
  return routes({
    brief: "Serve Torale to AI agents over the Model Context Protocol (MCP)",
    description: [
      "An MCP server over this CLI's own core: the same profiles, keychain, generation checks",
      "and verified writes as the commands. Agent hosts start `torale mcp serve` themselves.",
    ],
    examples: [
      "torale mcp serve",
      "torale mcp serve --read-only --profile work",
      "torale mcp config claude-code",
    ],
    routes: {
      serve: command({
        load: async () => (await import("./serve.ts")).default,
        parameters: {
          flags: {
            http: optionalText(
              "Serve Streamable HTTP on this loopback [host:]port instead of stdio",
              "[host:]port",
            ),
            readOnly: toggle("Offer only the tools that read: nothing can be changed"),
          },
        },
        brief: "Run the MCP server: on stdio (what agent hosts start), or on loopback HTTP",
        description: [
          "On stdio it reads JSON-RPC from stdin and writes only protocol messages to stdout,",
          "until stdin closes (exit 0) or Ctrl-C (exit 130); its own messages go to stderr.",
          "It uses the active profile (or --profile) and its key, from the keychain too; the key",
          "never appears in any answer. Tools: list_tasks, get_task, create_task, update_task,",
          "pause_task, resume_task, delete_task, run_task, task_runs, wait_for_task,",
          "list_templates, create_from_template, get_webhook_config, list_webhook_deliveries,",
          "list_notifications; on the current API also share_task, unshare_task, fork_task,",
          "list_connectors, connect_connector (hands back the URL the user opens to approve) and",
          "disconnect_connector. Resources: torale://tasks/{id} and torale://tasks/{id}/runs.",
          "--read-only leaves out every tool that changes anything.",
          "--http listens on 127.0.0.1, localhost or [::1] only (any other host exits 2) and",
          "prints its URL and a bearer token, once, on stderr; it runs until Ctrl-C.",
        ],
        examples: [
          "torale mcp serve",
          "torale mcp serve --read-only",
          "torale mcp serve --profile work",
          "torale mcp serve --http 127.0.0.1:8787   # until Ctrl-C",
        ],
      }),
      config: mcpConfigCommand(),
    },
  });
}
