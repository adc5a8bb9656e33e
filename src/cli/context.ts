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
}

/** The flags of a command that has none of its own. */
export type NoFlags = Record<never, never>;
