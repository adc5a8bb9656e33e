/**
 * Where `torale mcp serve --http` starts the Streamable HTTP transport (./http.ts: loopback
 * only, Host/Origin checked before the bearer token, the read deadline and connection cap of
 * `webhook listen`), loaded only when --http is given.
 */
import type { Deps } from "../deps.ts";
import type { McpServer } from "./sdk.ts";

/** Where and how the HTTP transport listens. */
export interface HttpOptions {
  hostname: string;
  port: number;
  /** The bearer token every request must carry. */
  token: string;
  /** The HTTP server to listen with (`deps.serve`). */
  serve: Deps["serve"];
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
export async function startHttp(
  makeServer: () => McpServer,
  options: HttpOptions,
): Promise<HttpServer> {
  return await (await import("./http.ts")).serveMcpHttp(makeServer, options);
}
