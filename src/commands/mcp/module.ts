/**
 * Loading the MCP server (src/mcp/entry.ts) for `torale mcp serve`.
 *
 * The specifier is computed on purpose, as for the local API (../local_api/module.ts): a
 * statically analysable import would have the release bundle carry the whole server, and every
 * command read it at start-up. scripts/build.ts bundles it into a file of its own beside the
 * CLI's and writes that file's name in place of the marker below.
 */
import { CliError } from "../../errors.ts";

/** The MCP server's module, as the command uses it. */
export type McpModule = typeof import("../../mcp/entry.ts");

const BUNDLED: string = "@@TORALE_MCP@@";

/** Where the MCP server's module is: beside the bundle, or in the source tree. */
export function mcpModuleUrl(): string {
  const relative = BUNDLED.startsWith("@@TORALE_MCP") ? "../../mcp/entry.ts" : BUNDLED;
  return new URL(relative, import.meta.url).href;
}

/** Imports `url`: a parameter, so that the bundle keeps an import of a name (scripts/build.ts). */
function importModule(url: string): Promise<McpModule> {
  return import(url);
}

/** Loads the MCP server. */
export async function loadMcp(): Promise<McpModule> {
  const url = mcpModuleUrl();
  try {
    return await importModule(url);
  } catch (error) {
    throw new CliError(`Cannot load the MCP server from ${url}`, {
      hints: ["It ships beside the CLI (torale-mcp.js next to torale.js); reinstall torale."],
      cause: error,
    });
  }
}
