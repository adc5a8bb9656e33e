/** The context stricli passes to every command as `this`. */
import type { Deps } from "../deps.ts";

/** Command context: stricli's streams plus our dependencies. */
export interface Context {
  readonly process: {
    readonly stdout: { write(text: string): void };
    readonly stderr: { write(text: string): void };
  };
  readonly deps: Deps;
}
