/** The conformance relay (tests/helpers/mcp_relay.ts) keeps what Host and Origin mean. */
import assert from "node:assert/strict";
import { rewriteHead } from "../helpers/mcp_relay.ts";

const PORTS = { relay: 4000, server: 5000 };

function rewritten(...lines: string[]): string[] {
  return rewriteHead(["POST /mcp HTTP/1.1", ...lines].join("\r\n"), PORTS, "tok").split("\r\n");
}

Deno.test("the relay moves a Host and Origin naming itself to the server's port and adds the token", () => {
  assert.deepEqual(
    rewritten("Host: 127.0.0.1:4000", "Origin: http://localhost:4000", "Accept: */*"),
    [
      "POST /mcp HTTP/1.1",
      "Host: 127.0.0.1:5000",
      "Origin: http://localhost:5000",
      "Accept: */*",
      "authorization: Bearer tok",
    ],
  );
});

Deno.test("the relay passes any other Host and Origin as sent, so the server judges them", () => {
  assert.deepEqual(
    rewritten("host: evil.example.com", "origin: http://evil.example.com", "authorization: x"),
    [
      "POST /mcp HTTP/1.1",
      "host: evil.example.com",
      "origin: http://evil.example.com",
      "authorization: Bearer tok",
    ],
  );
  assert.deepEqual(
    rewritten("host: 127.0.0.1:4001", "origin: https://127.0.0.1:4000").slice(1, 3),
    [
      "host: 127.0.0.1:4001",
      "origin: https://127.0.0.1:4000",
    ],
  );
});
