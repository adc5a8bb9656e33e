/**
 * `torale mcp config <client>`: the block an agent host (Claude Code, Claude Desktop, Cursor,
 * VS Code) needs to start `torale mcp serve` on stdio, with the command and arguments that start
 * this torale. No key is ever written into it: the server reads the profile and the keychain.
 */
import type { Context } from "../../kit/context.ts";
import { UsageError } from "../../errors.ts";
import { Session } from "../../kit/session.ts";
import { clean, escapeInData } from "../../output/sanitize.ts";
import { type Client, clientConfig, CLIENTS } from "./clients.ts";
import { launch } from "./launch.ts";

/** The flags of `mcp config`. */
export interface McpConfigFlags {
  readOnly?: boolean;
  name?: string;
}

/** The server's name in the host's config, unless --name says otherwise. */
const DEFAULT_NAME = "torale";

function isClient(word: string): word is Client {
  return (CLIENTS as readonly string[]).includes(word);
}

/** Runs `mcp config <client>`. */
export default async function config(
  this: Context,
  flags: McpConfigFlags,
  client: string,
): Promise<void> {
  if (!isClient(client)) {
    throw new UsageError(`Unknown MCP client ${JSON.stringify(client)}`, {
      hints: [`Choose one of: ${CLIENTS.join(", ")}`],
    });
  }
  const name = flags.name?.trim() ?? DEFAULT_NAME;
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
    throw new UsageError(`Invalid server name ${JSON.stringify(name)}`, {
      hints: ["Use letters, digits, '-', '_' and '.' (64 at most), as in --name torale-work"],
    });
  }
  const session = await Session.open(this.deps, this.globals);
  const { profile, apiUrl, apiKey } = session.settings;
  // What this run got from a flag or the environment is written out: the host has neither.
  const serve = ["mcp", "serve"];
  if (profile.source === "flag" || profile.source === "env") serve.push("--profile", profile.name);
  if (apiUrl.source === "flag" || apiUrl.source === "env") serve.push("--api-url", apiUrl.value);
  if (flags.readOnly) serve.push("--read-only");
  if (apiKey.source === "flag" || apiKey.source === "env") {
    session.warn(
      `The key from ${
        apiKey.source === "flag" ? "--api-key" : "TORALE_API_KEY"
      } is not written into the config: the server reads profile "${profile.name}"'s key. Save it with \`torale auth set-api-key\`.`,
    );
  }
  const how = await launch(this.deps, serve);
  const { block, before } = clientConfig(client, name, how);
  // Shown from the block itself, not from output()'s copy for people: that masks whatever looks
  // like a key ("desk_utilities" in a path), and the block holds paths, never a key. Escaped
  // only as JSON escapes (exact for a parser) and cleaned in the prose (nothing for a terminal).
  await session.output(block, () => {
    this.deps.io.stdout.write(
      [
        ...before.map(clean),
        "",
        escapeInData(JSON.stringify(block, null, 2)),
        "",
        `It starts ${
          how.how === "deno run" ? "this clone with deno run" : `the ${how.how} torale`
        }.`,
        "No key is written here: the server reads the profile's key (or the keychain) itself.",
        "",
      ].join("\n"),
    );
  });
}
