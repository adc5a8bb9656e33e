/** Turning HTTP error answers into one-line CLI errors with hints (failures: failures.ts). */
import { ApiError, AuthError, type CliError } from "../errors.ts";

/** An HTTP error answer, decoded as far as possible. */
export interface ErrorAnswer {
  status: number;
  statusText: string;
  headers: Headers;
  /** Parsed JSON body, or undefined when the body was not JSON. */
  json: unknown;
  contentType: string;
}

/** What the request looked like, for messages and hints. */
export interface RequestInfo {
  method: string;
  url: string;
  keySent: boolean;
  /** Where the key and the URL came from, for the hints that say what to fix. */
  sources?: Sources;
}

/** Where the settings in use came from, in words (`TORALE_API_KEY`, a file path, …). */
export interface Sources {
  key?: string;
  url?: string;
  /** TORALE_NOAUTH=1 is why no key was sent. */
  noauth?: boolean;
}

/** What to do about a rejected key, depending on where it came from. */
export function rejectedKeyFix(source: string | undefined): string {
  if (source === "TORALE_API_KEY") {
    return "TORALE_API_KEY holds this key and wins over a saved one: set it to a valid key, or unset it.";
  }
  if (source === "--api-key") return "Pass a valid key with --api-key, or leave it out.";
  return "Generate a new key at https://torale.ai (Settings → API Keys), then run `torale auth set-api-key`.";
}

function detailOf(json: unknown): unknown {
  if (json && typeof json === "object" && "detail" in json) {
    return (json as { detail: unknown }).detail;
  }
  return undefined;
}

/** The longest wait a server may ask for that is taken at its word: a day. */
const MAX_RETRY_AFTER_S = 86_400;

function plausibleSeconds(value: number): number | undefined {
  return Number.isFinite(value) && value >= 0 && value <= MAX_RETRY_AFTER_S
    ? Math.ceil(value)
    : undefined;
}

/**
 * Seconds to wait before retrying, from `Retry-After` (seconds or a date) or a
 * `retry_after` body key. Negative, endless or absurd values (`-5`, `1e300`)
 * are ignored rather than believed.
 */
export function retryAfterSeconds(
  headers: Headers,
  json: unknown,
  now: number,
): number | undefined {
  const header = headers.get("retry-after")?.trim();
  if (header) {
    if (/^[+-]?[\d.e+-]+$/i.test(header)) return plausibleSeconds(Number(header));
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return plausibleSeconds(Math.max(0, (date - now) / 1000));
  }
  if (json && typeof json === "object" && "retry_after" in json) {
    return plausibleSeconds(Number((json as { retry_after: unknown }).retry_after));
  }
  return undefined;
}

function validationSummary(detail: unknown): string | undefined {
  if (!Array.isArray(detail)) return undefined;
  const parts = detail.map((entry) => {
    const loc = Array.isArray(entry?.loc) ? entry.loc : [];
    const field = loc.filter((part: unknown, i: number) =>
      !(i === 0 && ["body", "query", "path"].includes(String(part)))
    ).join(".") || String(loc[0] ?? "request");
    return `${field} (${String(entry?.msg ?? "invalid")})`;
  });
  return parts.join(", ");
}

function text(detail: unknown): string | undefined {
  if (typeof detail === "string" && detail.trim() !== "") return detail.trim();
  return undefined;
}

/** Maps an HTTP error answer to the error the user sees. */
export function errorFromAnswer(
  answer: ErrorAnswer,
  request: RequestInfo,
  now: number,
): CliError {
  const { status, json } = answer;
  const detail = detailOf(json);
  const options = { status, detail };
  const notJson = json === undefined;
  const kind = answer.contentType.split(";")[0].trim() || "no content type";

  if (status === 401 || status === 403) {
    const message = text(detail);
    const notAuthenticated = status === 401 || message === undefined ||
      message === "Not authenticated" ||
      message === "Invalid authentication credentials";
    if (notAuthenticated && request.keySent) {
      return new AuthError("Invalid API key", {
        hints: [
          "The API rejected the key: it may be revoked, mistyped or for another server.",
          rejectedKeyFix(request.sources?.key),
        ],
      });
    }
    if (notAuthenticated && request.sources?.noauth) {
      const origin = new URL(request.url).origin;
      return new AuthError(`TORALE_NOAUTH=1 is set, but the API at ${origin} wants a key`, {
        hints: [
          "That server does not run in NOAUTH mode. Start the local API with --noauth,",
          "or unset TORALE_NOAUTH and use a key (`torale auth set-api-key` or TORALE_API_KEY).",
        ],
      });
    }
    if (notAuthenticated) {
      return new AuthError("This endpoint needs authentication", {
        hints: [
          `${request.method} ${new URL(request.url).pathname} needs an API key.`,
          "Set a key with `torale auth set-api-key` or TORALE_API_KEY.",
        ],
      });
    }
    return new ApiError(message ?? "Permission denied by the API", options);
  }
  if (status === 429) {
    const wait = retryAfterSeconds(answer.headers, json, now);
    // A poller (task wait, logs --follow) waits this long before its next check.
    const limited = { ...options, retryAfter: wait };
    const bodyError = json && typeof json === "object" && "error" in json
      ? text((json as { error: unknown }).error)
      : undefined;
    const message = text(detail) ?? bodyError;
    if (message && !message.startsWith("Rate limit exceeded")) {
      return new ApiError(message, limited);
    }
    if (wait !== undefined) {
      return new ApiError(
        `Rate limit exceeded. Retry after ${wait} second${wait === 1 ? "" : "s"}`,
        limited,
      );
    }
    return new ApiError(message ?? "Rate limit exceeded", {
      ...limited,
      hints: ["Wait a minute before trying again."],
    });
  }
  if (status === 422) {
    const summary = validationSummary(detail);
    return new ApiError(
      summary ? `Invalid request: ${summary}` : "Invalid request",
      options,
    );
  }
  if (status >= 500) {
    const message = notJson
      ? `Server error (HTTP ${status}); the response was not JSON (${kind})`
      : `Server error (HTTP ${status}): ${text(detail) ?? answer.statusText}`;
    return new ApiError(message, {
      ...options,
      hints: [
        "The Torale API failed to handle the request. Try again later.",
      ],
    });
  }
  if (status === 404 && (detail === "Not Found" || notJson)) {
    return new ApiError(`Not found: ${new URL(request.url).pathname}`, {
      ...options,
      hints: ["Check the API URL; this server has no such endpoint."],
    });
  }
  if (notJson) {
    return new ApiError(
      `Unexpected response (HTTP ${status}); the response was not JSON (${kind})`,
      {
        ...options,
        hints: [
          "Check the API URL: a proxy or another web server may have answered.",
        ],
      },
    );
  }
  return new ApiError(
    text(detail) ?? `Request failed (HTTP ${status} ${answer.statusText})`,
    options,
  );
}

/** `HTTP 500`, or `HTTP 500: <the service's detail>` when it sent one in words. */
export function faultLabel(error: { status: number; detail?: unknown }): string {
  const said = text(error.detail);
  return said === undefined ? `HTTP ${error.status}` : `HTTP ${error.status}: ${said}`;
}
