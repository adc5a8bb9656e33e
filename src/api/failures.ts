/** Turning fetch failures (no HTTP answer at all) into one-line CLI errors with hints. */
import { type CliError, NetworkError, UsageError } from "../errors.ts";
import type { RequestInfo } from "./errors.ts";

function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let i = 0; current && i < 5; i++) {
    parts.push(String((current as Error).message ?? current));
    current = (current as Error).cause;
  }
  return parts.join(" | ");
}

/** Whether a failed fetch is worth retrying (the connection dropped mid-way). */
export function isConnectionReset(error: unknown): boolean {
  return /connection reset|connection closed before message completed|broken pipe|ECONNRESET/i
    .test(describe(error));
}

/** Maps a fetch failure (no HTTP answer) to the error the user sees. */
export function errorFromFailure(
  error: unknown,
  request: RequestInfo,
  timeoutS: number,
): CliError {
  const url = new URL(request.url);
  const where = `${url.protocol}//${url.host}`;
  if (
    error instanceof DOMException &&
    (error.name === "TimeoutError" || error.name === "AbortError")
  ) {
    return new NetworkError(`Request timed out after ${timeoutS} s`, {
      cause: error,
      hints: [
        `No answer from ${where}. Raise the limit with --timeout <seconds>.`,
      ],
    });
  }
  const message = describe(error);
  if (/connection refused|ECONNREFUSED/i.test(message)) {
    return new NetworkError("Connection refused", {
      cause: error,
      hints: [
        `Nothing accepted the connection at ${where}. Causes:`,
        "  - the API is down",
        "  - a network issue",
        request.sources?.url
          ? `  - a wrong API URL: it came from ${request.sources.url}`
          : "  - a wrong API URL (set it with --api-url or TORALE_API_URL)",
      ],
    });
  }
  if (
    /dns error|failed to lookup|name or service not known|nodename nor servname|no such host|ENOTFOUND/i
      .test(message)
  ) {
    return new NetworkError(`Could not resolve host ${url.hostname}`, {
      cause: error,
      hints: ["Check the API URL and your network or DNS settings."],
    });
  }
  if (url.protocol === "https:" && /InvalidContentType|wrong version number/i.test(message)) {
    return new NetworkError(`${where} does not speak https`, {
      cause: error,
      hints: [
        "The server answered in plain http. If it is a local API, use http:// instead:",
        `  --api-url http://${url.host}`,
      ],
    });
  }
  if (/certificate|tls|ssl|handshake/i.test(message)) {
    return new NetworkError(`TLS connection to ${where} failed`, {
      cause: error,
      hints: [
        "The server's certificate could not be verified. Check the API URL, or your proxy's certificate (DENO_CERT).",
      ],
    });
  }
  const badPort = /Requests to port (\d+) are blocked/i.exec(message);
  if (badPort) {
    return new NetworkError(`Port ${badPort[1]} is blocked`, {
      cause: error,
      hints: [
        `Deno refuses the Fetch standard's "bad ports" (such as 1, 25, 6000), so ${where} cannot be reached.`,
        "Run the API on another port and point --api-url or TORALE_API_URL at it.",
      ],
    });
  }
  if (isConnectionReset(error)) {
    return new NetworkError(`Connection to ${where} was reset`, {
      cause: error,
      hints: ["Try again; if it keeps happening, check proxies and network."],
    });
  }
  return new NetworkError(`Request to ${where} failed`, {
    cause: error,
    hints: [`Reason: ${message.split("\n")[0]}`, "Run with --debug for details."],
  });
}

/** The key would travel in clear text: refuse to send it. */
export function insecureUrlError(url: URL): CliError {
  return new UsageError(
    `Refusing to send the API key over plain http:// to ${url.host}`,
    {
      hints: [
        "The key would cross the network in clear text. Use an https:// API URL.",
        "Plain http:// is allowed only for loopback addresses (localhost, 127.0.0.1, ::1).",
      ],
    },
  );
}
