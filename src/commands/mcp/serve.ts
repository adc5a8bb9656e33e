/**
 * `torale mcp serve [--http [host:]port] [--read-only]`: the MCP server over the CLI's own core,
 * on stdio until stdin ends (or Ctrl-C), or on loopback HTTP until Ctrl-C. On stdio, stdout
 * carries protocol messages and nothing else: the session writes everything to stderr.
 */
import { AuthError, InterruptedError, UsageError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import type { McpContext } from "../../mcp/context.ts";
import { newToken, parseListen } from "./listen.ts";

/** Flags of `mcp serve`. */
export interface ServeFlags {
  http?: string;
  readOnly?: boolean;
}

/** Runs `mcp serve`. */
export default async function serve(this: Context, flags: ServeFlags): Promise<void> {
  const listen = flags.http === undefined ? undefined : parseListen(flags.http);
  const { io } = this.deps;
  // Whatever the session would print goes to stderr: on stdio, stdout is the protocol's.
  const deps = { ...this.deps, io: { ...io, stdout: io.stderr } };
  const session = await Session.open(deps, this.globals);
  const { loadSdk } = await import("../../mcp/sdk.ts");
  const { createServer } = await import("../../mcp/server.ts");
  const key = session.settings.apiKey.value;
  const context: McpContext = {
    sdk: await loadSdk(),
    api: () => session.api(),
    generation: () => session.generation(),
    readOnly: flags.readOnly === true,
    clock: deps.clock,
    secrets: key ? [key] : [],
    log: (text) => session.info(text),
  };
  try {
    session.api();
  } catch (error) {
    if (!(error instanceof AuthError || error instanceof UsageError)) throw error;
    session.warn(`${error.message}: every tool will answer with this error until that is fixed`);
  }
  const mode = context.readOnly ? "read-only" : "read-write";
  let stopListening = () => {};
  const interrupted = new Promise<"interrupted">((resolve) => {
    stopListening = this.deps.onInterrupt(() => resolve("interrupted"));
  });
  try {
    if (listen) {
      const { startHttp } = await import("../../mcp/http_entry.ts");
      const token = newToken();
      const http = await startHttp(() => createServer(context), {
        ...listen,
        token,
        serve: this.deps.serve,
      });
      session.info(`torale MCP server (${mode}) on ${http.url}, until Ctrl-C`);
      // The token, once: the client sends it as `Authorization: Bearer <token>`.
      io.stderr.write(`Token: ${token}\n`);
      await interrupted;
      await http.shutdown();
      throw new InterruptedError();
    }
    const server = createServer(context);
    const { StdioTransport } = await import("../../mcp/stdio.ts");
    const transport = new StdioTransport(context.sdk, { stdin: io.stdin, stdout: io.stdout });
    await server.connect(transport);
    session.info(`torale MCP server (${mode}) on stdio, until stdin closes`);
    if (io.stdin.isTerminal) {
      session.info(
        "It speaks JSON-RPC to an MCP client: let an agent host start it (torale mcp serve --help).",
      );
    }
    const why = await Promise.race([transport.closed, interrupted]);
    await server.close();
    if (why === "interrupted") throw new InterruptedError();
  } finally {
    stopListening();
  }
}
