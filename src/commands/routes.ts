/** The commands that sit at the root beside the trees: `version` and `completions`. */
import { arg, args, command } from "../kit/spec.ts";
import { SHELLS } from "./completion_setup.ts";

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
    examples: [
      "source <(torale completions bash)",
      "source <(torale completions zsh)",
      "torale completions fish | source",
    ],
  });
}
