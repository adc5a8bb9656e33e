/** The context stricli passes to every command as `this`. */
import type { GlobalFlags } from "../config/resolve.ts";
import type { Deps } from "../deps.ts";

/** Command context: stricli's streams, our dependencies and the global flags. */
export interface Context {
  readonly process: {
    readonly stdout: { write(text: string): void };
    readonly stderr: { write(text: string): void };
  };
  readonly deps: Deps;
  readonly globals: GlobalFlags;
  /**
   * Where a command's failure is left for `run()`, which formats it and maps
   * it to an exit code: stricli itself never sees a command's error.
   */
  readonly outcome: { error?: unknown };
}

/** The flags of a command that has none of its own. */
export type NoFlags = Record<never, never>;
