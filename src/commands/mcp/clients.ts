/**
 * What each agent host expects to be told about an MCP server on stdio, and where it reads it
 * (`torale mcp config <client>`).
 */
import type { Launch } from "./launch.ts";

/** The hosts `torale mcp config` knows. */
export const CLIENTS = ["claude-code", "claude-desktop", "cursor", "vscode"] as const;

/** One of {@link CLIENTS}. */
export type Client = typeof CLIENTS[number];

/** A host's config block for the server `name`, and the lines telling where it goes. */
export interface ClientConfig {
  block: Record<string, unknown>;
  /** Lines before the block. */
  before: string[];
}

/** `word` as a POSIX shell reads it back. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The config block and instructions for `client`. */
export function clientConfig(client: Client, name: string, launch: Launch): ClientConfig {
  const stdio = { command: launch.command, args: launch.args };
  switch (client) {
    case "claude-code": {
      const add = ["claude", "mcp", "add", "--scope", "user", name, "--", launch.command];
      return {
        block: { mcpServers: { [name]: { type: "stdio", ...stdio } } },
        before: [
          "Add it to Claude Code for every project with:",
          "",
          `  ${[...add, ...launch.args].map(shellWord).join(" ")}`,
          "",
          "(--scope project writes it to the project's .mcp.json instead, to share it.)",
          "Or put this in .mcp.json at the project's root, beside any servers already there:",
        ],
      };
    }
    case "claude-desktop":
      return {
        block: { mcpServers: { [name]: stdio } },
        before: [
          "Add this to Claude Desktop's claude_desktop_config.json (Settings > Developer >",
          'Edit Config), beside any servers already in "mcpServers", then restart Claude Desktop.',
          "The file is in ~/Library/Application Support/Claude/ on macOS and",
          "%APPDATA%\\Claude\\ on Windows:",
        ],
      };
    case "cursor":
      return {
        block: { mcpServers: { [name]: stdio } },
        before: [
          "Add this to ~/.cursor/mcp.json (every project) or .cursor/mcp.json in a project,",
          'beside any servers already in "mcpServers":',
        ],
      };
    case "vscode":
      return {
        block: { servers: { [name]: { type: "stdio", ...stdio } } },
        before: [
          "Add this to .vscode/mcp.json in the workspace (or, for every workspace, the file the",
          'command "MCP: Open User Configuration" opens), beside any servers already in "servers":',
        ],
      };
  }
}
