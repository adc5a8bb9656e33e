/**
 * npm packages that only some commands need, imported when first used.
 *
 * The specifier is a parameter on purpose. Deno prepares every statically
 * analysable dynamic import when a program starts, npm package graphs
 * included: yaml, croner, cronstrue and @inquirer/prompts (with its ~20
 * dependencies) cost ~3 ms on every run, --help included. Through a parameter
 * they load only when called. Compiled binaries embed node_modules whole,
 * so the packages are there as well.
 */

/** The packages loaded this way, and their module types. */
export interface LazyPackages {
  "yaml": typeof import("yaml");
  "croner": typeof import("croner");
  "cronstrue": typeof import("cronstrue");
  "@inquirer/prompts": typeof import("@inquirer/prompts");
  /** jq 1.8 compiled to WebAssembly; deno.json maps it to the `/inline` build (wasm embedded). */
  "jq-wasm": typeof import("jq-wasm");
  /** `torale mcp serve` alone: the MCP server, its stdio framing and the schemas of its tools. */
  "@modelcontextprotocol/sdk/server/mcp.js":
    typeof import("@modelcontextprotocol/sdk/server/mcp.js");
  "@modelcontextprotocol/sdk/shared/stdio.js":
    typeof import("@modelcontextprotocol/sdk/shared/stdio.js");
  /** `torale mcp serve --http` alone: the Streamable HTTP transport on web-standard Requests. */
  "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js":
    typeof import("@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js");
  "zod": typeof import("zod");
}

/** Imports one of {@link LazyPackages} by its import-map name. */
export function importPackage<K extends keyof LazyPackages>(name: K): Promise<LazyPackages[K]> {
  return import(name);
}
