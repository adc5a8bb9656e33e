/**
 * The shells `torale completions` writes scripts for, and how to load each
 * script now or in every new shell: one text for `--help`, the README and
 * each script's header.
 */

/** The shells with a completion script. */
export const SHELLS = ["bash", "zsh", "fish"] as const;
/** One of {@link SHELLS}. */
export type Shell = typeof SHELLS[number];

/** Per shell: the line that loads completion now, then the lines that install it for good. */
const SETUP: Record<Shell, { now: string; always: string[] }> = {
  bash: {
    now: "source <(torale completions bash)",
    always: [
      "echo 'source <(torale completions bash)' >> ~/.bashrc",
      "or, with the bash-completion package (loaded on first use):",
      "  mkdir -p ~/.local/share/bash-completion/completions",
      "  torale completions bash > ~/.local/share/bash-completion/completions/torale",
    ],
  },
  zsh: {
    now: "source <(torale completions zsh)   (after compinit)",
    always: [
      "mkdir -p ~/.zfunc && torale completions zsh > ~/.zfunc/_torale",
      "and in ~/.zshrc, before compinit runs:  fpath=(~/.zfunc $fpath)",
      "(any directory on $fpath will do; if a new shell still does not complete, rm ~/.zcompdump)",
    ],
  },
  fish: {
    now: "torale completions fish | source",
    always: [
      "mkdir -p ~/.config/fish/completions",
      "torale completions fish > ~/.config/fish/completions/torale.fish",
    ],
  },
};

/** How to load `shell`'s script, as lines of text. */
export function setupLines(shell: Shell): string[] {
  const { now, always } = SETUP[shell];
  return [
    `${shell}, in this shell:  ${now}`,
    `${shell}, in every new shell:`,
    ...always.map((line) => `  ${line}`),
  ];
}
