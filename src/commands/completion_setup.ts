/** The shells `torale completions` writes scripts for. */

/** The shells with a completion script. */
export const SHELLS = ["bash", "zsh", "fish"] as const;
