/**
 * A stand-in for `torale mcp serve --http` (tests/e2e/mcp_conformance_test.ts): src/mcp/http.ts
 * serving a small server (one tool, one resource) on 127.0.0.1, printing on stderr what the
 * command prints: the endpoint and the token. Ctrl-C (SIGINT) stops it.
 *
 *   deno run --allow-net=127.0.0.1 tests/helpers/mcp_http_fixture.ts [port]
 */
import { serveMcpHttp } from "../../src/mcp/http.ts";
import { serve } from "../../src/system/serve.ts";
import { smallServer } from "./mcp_small.ts";

const stop = new AbortController();
Deno.addSignalListener("SIGINT", () => stop.abort());
const token = Array.from(
  crypto.getRandomValues(new Uint8Array(24)),
  (byte) => byte.toString(16).padStart(2, "0"),
).join("");
const server = await serveMcpHttp(smallServer, {
  hostname: "127.0.0.1",
  port: Number(Deno.args[0] ?? 0),
  token,
  signal: stop.signal,
  serve,
});
console.error(`MCP server (Streamable HTTP) on ${server.url}`);
console.error(`Token: ${token}`);
await new Promise((resolve) => stop.signal.addEventListener("abort", resolve));
await server.shutdown();
Deno.exit(130);
