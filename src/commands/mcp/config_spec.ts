/** The spec of `torale mcp config <client>`; the verb (./config.ts) is loaded only when it runs. */
import { arg, args, command, optionalText, toggle } from "../../kit/spec.ts";
import { CLIENTS } from "./clients.ts";

/** `torale mcp config <client>`. */
export function mcpConfigCommand() {
  return command({
    load: async () => (await import("./config.ts")).default,
    parameters: {
      flags: {
        readOnly: toggle("Have the server offer only the tools that read, none that change"),
        name: optionalText("The server's name in the client's config (default torale)", "name"),
      },
      positional: args(
        arg(CLIENTS.join(", "), "client", () => CLIENTS.map((value) => ({ value }))),
      ),
    },
    brief:
      "Print the config that lets an agent (Claude, Cursor, VS Code) start torale's MCP server",
    description: [
      "Prints the JSON block the client reads, with the command and arguments that start this",
      "torale (the compiled binary, the one `deno task install` wrote, or `deno run` of this",
      "clone) as `torale mcp serve` on stdio, and says where to paste it; --json prints the",
      "block alone. --profile and --api-url, from a flag or the environment, and --read-only",
      "are carried into the arguments. No key is ever written: the server reads the",
      "profile's key, or the OS keychain, itself.",
    ],
    examples: [
      "torale mcp config claude-code",
      "torale mcp config claude-desktop --read-only",
      "torale mcp config cursor --profile work --name torale-work",
      "torale mcp config vscode --json",
    ],
  });
}
