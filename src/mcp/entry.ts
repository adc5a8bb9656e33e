/**
 * `torale mcp serve`'s server, and what the command (src/commands/mcp/serve.ts) loads of it, by a
 * computed name, only when it runs. The release bundle carries it as a file of its own beside the
 * CLI's (torale-mcp.js, scripts/build.ts), so no other command pays to read it.
 *
 * That file has its own copies of the modules both use (src/errors.ts, Session, the API
 * client…), and the CLI's `instanceof CliError` does not recognise this copy's errors. So the
 * boundary is narrow: plain inputs in, an exit code out. Every failure is told here, with the
 * CLI's own error reporting (src/output/error_report.ts), and the command exits with the code.
 */
import type { GlobalFlags } from "../config/resolve.ts";
import type { Deps } from "../deps.ts";
import { AuthError, ExitCode, InterruptedError, UsageError } from "../errors.ts";
import { Session } from "../kit/session.ts";
import { debugOn, reportError } from "../output/error_report.ts";
import type { McpContext } from "./context.ts";
import { newToken, parseListen } from "./listen.ts";
import { loadSdk } from "./sdk.ts";
import { createServer } from "./server.ts";
import { splitStdio, StdioTransport } from "./stdio.ts";

/** Flags of `mcp serve`. */
export interface ServeFlags {
  http?: string;
  readOnly?: boolean;
}

/** What `torale mcp serve` hands the server: its flags, the CLI's deps and global flags. */
export interface ServeInput {
  flags: ServeFlags;
  deps: Deps;
  globals: GlobalFlags;
}

/**
 * Runs the server until stdin closes (0) or Ctrl-C (130), and returns the exit code; a failure
 * has been told on stderr by then, as `run()` tells a command's.
 */
export async function serveMcp(input: ServeInput): Promise<number> {
  try {
    await serve(input);
    return ExitCode.ok;
  } catch (error) {
    return reportError(error, input.deps.io.stderr, debugOn(input.globals, input.deps.env));
  }
}

async function serve({ flags, deps: given, globals }: ServeInput): Promise<void> {
  const listen = flags.http === undefined ? undefined : parseListen(flags.http);
  const { protocol, rest: io } = splitStdio(given.io);
  const deps = { ...given, io };
  const session = await Session.open(deps, globals);
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
    stopListening = deps.onInterrupt(() => resolve("interrupted"));
  });
  try {
    if (listen) {
      const { startHttp } = await import("./http_entry.ts");
      const token = newToken();
      const http = await startHttp(() => createServer(context), {
        ...listen,
        token,
        serve: deps.serve,
      });
      session.info(`torale MCP server (${mode}) on ${http.url}, until Ctrl-C`);
      // The token, once: the client sends it as `Authorization: Bearer <token>`.
      io.stderr.write(`Token: ${token}\n`);
      await interrupted;
      await http.shutdown();
      throw new InterruptedError();
    }
    const server = createServer(context);
    const transport = new StdioTransport(context.sdk, protocol);
    await server.connect(transport);
    session.info(`torale MCP server (${mode}) on stdio, until stdin closes`);
    if (protocol.stdin.isTerminal) {
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
