/** The commands that sit at the root beside the trees: `version` and `completions`. */
import { arg, args, command } from "../kit/spec.ts";
import { setupLines, SHELLS } from "./completion_setup.ts";

/** `torale version`. */
export function versionCommand() {
  return command({
    load: async () => (await import("./version.ts")).default,
    brief: "Print the CLI version, Deno version and build target",
    examples: ["torale version", "torale --version"],
  });
}

/** `torale completions <shell>`. */
export function completionsCommand() {
  return command({
    load: async () => (await import("./completions.ts")).default,
    parameters: {
      flags: {},
      positional: args(
        arg("bash, zsh or fish", "shell", () => SHELLS.map((value) => ({ value }))),
      ),
    },
    brief: "Print a shell completion script",
    description: [
      "Tab then completes commands, flags, task ids, config keys and their values",
      "(zsh and fish also show what each one is). To load it:",
      ...SHELLS.flatMap((shell) => ["", ...setupLines(shell).map((line) => `  ${line}`)]),
    ],
    examples: [
      "source <(torale completions bash)",
      "source <(torale completions zsh)",
      "torale completions fish | source",
    ],
  });
}
