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
  /** Set only while proposing shell completions (`torale __complete`). */
  readonly completion?: Completion;
}

/** What a completion run knows of the command line, and where descriptions go. */
export interface Completion {
  /** The words before the one being completed, global flags taken out. */
  readonly words: readonly string[];
  /** Each proposed value's description, for shells that show them. */
  readonly descriptions: Map<string, string>;
}

/** The flags of a command that has none of its own. */
export type NoFlags = Record<never, never>;

/** What a command run needs besides its words; the streams are added by whoever runs it. */
export type RunContext = Omit<Context, "process">;
