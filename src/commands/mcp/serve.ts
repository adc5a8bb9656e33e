/**
 * `torale mcp serve [--http [host:]port] [--read-only]`: the MCP server over the CLI's own core,
 * on stdio until stdin ends (or Ctrl-C), or on loopback HTTP until Ctrl-C. The server is loaded
 * only now (./module.ts); it tells its own failures and hands back the exit code.
 */
import { ExitCode, QuietExit } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import type { ServeFlags } from "../../mcp/entry.ts";
import { loadMcp } from "./module.ts";

/** Runs `mcp serve`. */
export default async function serve(this: Context, flags: ServeFlags): Promise<void> {
  const { serveMcp } = await loadMcp();
  const code = await serveMcp({ flags, deps: this.deps, globals: this.globals });
  // Told already, by the server: what is left is the exit code.
  if (code !== ExitCode.ok) throw new QuietExit(code);
}
