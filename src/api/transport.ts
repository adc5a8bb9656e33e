/**
 * One HTTP exchange: redirects followed by hand, so each hop shows in the
 * --debug trace and a hop to another origin loses the key (and the direct
 * loopback connection), and the answer read only up to a limit, counted after
 * decompression, so an endless or compressed-bomb body cannot fill memory.
 */
import { readAtMost } from "../bytes.ts";
import { ApiError } from "../errors.ts";
import { directClient } from "./url.ts";

/** The largest answer read, decompressed: far above any real one (10,000 tasks are ~20 MB). */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const MAX_HOPS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** One request as it is sent. */
export interface Outgoing {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

/** The final answer, its body as text, and where it came from. */
export interface Exchange {
  response: Response;
  text: string;
  url: URL;
}

/** What {@link send} needs besides the request. */
export interface SendOptions {
  fetch: typeof fetch;
  signal: AbortSignal;
  trace: (line: string) => void;
  limit?: number;
}

async function readBounded(response: Response, request: Outgoing, limit: number) {
  const bytes = await readAtMost(response.body, limit);
  if (bytes === undefined) {
    throw new ApiError(
      `The answer to ${request.method} ${request.url.pathname} is larger than ${
        limit / 1024 / 1024
      } MiB; stopped reading it`,
      {
        status: response.status,
        hints: ["No real Torale answer is that large: check the API URL and any proxy."],
      },
    );
  }
  return new TextDecoder().decode(bytes);
}

/** Where a redirect leads and what is sent there (RFC 9110 §15.4). */
function nextHop(request: Outgoing, response: Response): Outgoing {
  const url = new URL(response.headers.get("location")!, request.url);
  const headers = { ...request.headers };
  // The key belongs to the API's origin: another host or scheme never sees it.
  if (url.origin !== request.url.origin) delete headers["Authorization"];
  const asGet = response.status === 303 ||
    (response.status !== 307 && response.status !== 308 && request.method === "POST");
  if (!asGet) return { ...request, url, headers };
  delete headers["Content-Type"];
  return { method: "GET", url, headers };
}

/** Sends `request`, following up to 5 redirects, and reads the final answer. */
export async function send(request: Outgoing, options: SendOptions): Promise<Exchange> {
  let current = request;
  for (let hop = 0;; hop++) {
    const client = directClient(current.url);
    try {
      const response = await options.fetch(current.url, {
        method: current.method,
        headers: current.headers,
        body: current.body,
        signal: options.signal,
        client,
        redirect: "manual",
      });
      if (REDIRECTS.has(response.status) && response.headers.has("location")) {
        await response.body?.cancel().catch(() => {});
        if (hop === MAX_HOPS) {
          throw new ApiError(`Too many redirects from ${request.method} ${request.url.pathname}`, {
            status: response.status,
            hints: ["Check the API URL: the server keeps redirecting."],
          });
        }
        const next = nextHop(current, response);
        options.trace(
          `< ${response.status} ${response.statusText}: redirected to ${next.url.href}`,
        );
        if (!next.headers["Authorization"] && current.headers["Authorization"]) {
          options.trace("  another origin: the API key is not sent there");
        }
        options.trace(`> ${next.method} ${next.url.href}`);
        current = next;
        continue;
      }
      const text = await readBounded(response, current, options.limit ?? MAX_ANSWER_BYTES);
      return { response, text, url: current.url };
    } finally {
      client?.close();
    }
  }
}
