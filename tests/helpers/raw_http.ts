/** HTTP spoken over raw TCP, for servers tested below what fetch allows (webhook listen, MCP). */

const encoder = new TextEncoder();

/**
 * Sends `raw` (or its parts, one write each) on a fresh connection to 127.0.0.1:`port`, and
 * returns everything read until the server closes it (`waitMs` at most).
 */
export async function exchange(
  port: number,
  raw: string | string[],
  waitMs = 5_000,
): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const timer = setTimeout(() => conn.close(), waitMs);
  let text = "";
  try {
    for (const part of typeof raw === "string" ? [raw] : raw) {
      await conn.write(encoder.encode(part));
    }
    const buffer = new Uint8Array(4096);
    for (;;) {
      const n = await conn.read(buffer).catch(() => null);
      if (n === null) break;
      text += new TextDecoder().decode(buffer.subarray(0, n));
    }
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch {
      // closed by the timer
    }
  }
  return text;
}

/** An MCP `initialize` request from client `name`, as a JSON-RPC message object. */
export function initializeRequest(name = "t"): Record<string, unknown> {
  return {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name, version: "0" },
    },
  };
}
