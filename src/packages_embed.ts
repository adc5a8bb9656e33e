/**
 * Not imported by the CLI: `deno task compile` passes this module to
 * `deno compile --include`. `importPackage` loads packages by name, which
 * `deno compile` cannot see; listing them here makes every binary embed them.
 * The type makes the list fail to compile when it misses one.
 */
import type { LazyPackages } from "./packages.ts";

/** One loader per lazily imported package. */
export const EMBEDDED_PACKAGES = {
  "yaml": () => import("yaml"),
  "croner": () => import("croner"),
  "cronstrue": () => import("cronstrue"),
  "@inquirer/prompts": () => import("@inquirer/prompts"),
  "jq-wasm": () => import("jq-wasm"),
  "@modelcontextprotocol/sdk/server/mcp.js": () =>
    import("@modelcontextprotocol/sdk/server/mcp.js"),
  "@modelcontextprotocol/sdk/shared/stdio.js": () =>
    import("@modelcontextprotocol/sdk/shared/stdio.js"),
  "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js": () =>
    import("@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js"),
  "zod": () => import("zod"),
} satisfies Record<keyof LazyPackages, () => Promise<unknown>>;
