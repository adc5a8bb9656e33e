/** `--http [host:]port` of `torale mcp serve`: loopback addresses only. */
import { UsageError } from "../errors.ts";

/** Where --http listens. */
export interface Listen {
  hostname: string;
  port: number;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

/** Parses `[host:]port` (`8787`, `localhost:8787`, `[::1]:8787`); a host off this machine is refused. */
export function parseListen(input: string): Listen {
  const text = input.trim();
  const match = /^(?:(\[[^\]]*\]|[^:]*):)?(\d{1,5})$/.exec(text);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535) {
    throw new UsageError(`Invalid --http "${input}": expected [host:]port, e.g. 8787`);
  }
  const host = (match[1] ?? "127.0.0.1").replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (!LOOPBACK.has(host)) {
    throw new UsageError(
      `--http listens on this machine only (127.0.0.1, localhost or [::1]); "${host}" is not one`,
      { hints: ["An agent elsewhere should run its own torale; or use stdio (leave --http out)."] },
    );
  }
  return { hostname: host, port };
}

/** A bearer token for --http: 32 random bytes, base64url. */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
}
