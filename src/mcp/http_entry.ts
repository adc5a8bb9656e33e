/**
 * Where `torale mcp serve --http` starts the Streamable HTTP transport. The transport
 * (src/mcp/http.ts, `serveMcpHttp`: loopback only, Host/Origin checked, bearer token, the read
 * timeouts and connection cap of `webhook listen`) is built on a branch of its own (issue #25);
 * when both are merged this function becomes:
 *
 *     return (await import("./http.ts")).serveMcpHttp(makeServer, options);
 *
 * Until then it refuses, so that --http fails plainly instead of listening half-built.
 */
import { CliError } from "../errors.ts";
import type { McpServer } from "./sdk.ts";

/** Where and how the HTTP transport listens. */
export interface HttpOptions {
  hostname: string;
  port: number;
  /** The bearer token every request must carry. */
  token: string;
  signal?: AbortSignal;
  maxConnections?: number;
  readTimeoutMs?: number;
}

/** A listening HTTP transport. */
export interface HttpServer {
  url: string;
  port: number;
  shutdown(): Promise<void>;
}

/** Starts the HTTP transport, one server from `makeServer` per session. */
export function startHttp(
  _makeServer: () => McpServer,
  _options: HttpOptions,
): Promise<HttpServer> {
  return Promise.reject(
    new CliError("The HTTP transport is not part of this build of torale", {
      hints: ["Serve over stdio instead: torale mcp serve"],
    }),
  );
}
