/** `webhook listen --forward-to`: sending a valid delivery on, bounded in time, never in a loop. */
import { directClient, isLoopback } from "../../api/url.ts";
import type { Deps } from "../../deps.ts";
import { UsageError } from "../../errors.ts";
import type { Received } from "./received.ts";

/** The header a forwarded delivery carries: the ids of the listeners it went through. */
export const FORWARDED_BY = "x-torale-forwarded-by";

/** Headers of the hop to this receiver, not of the delivery: not forwarded. */
const HOP_HEADERS = new Set(["host", "content-length", "connection", "transfer-encoding"]);

/** A `--forward-to` URL: http(s), and not this listener itself. */
export function forwardUrl(input: string): URL {
  try {
    const url = new URL(input);
    if (url.protocol === "http:" || url.protocol === "https:") return url;
  } catch {
    // worded below
  }
  throw new UsageError(`--forward-to "${input}" is not an http(s) URL`, {
    hints: ["E.g. --forward-to http://localhost:3000/hooks"],
  });
}

/** Whether `url` reaches the listener on 127.0.0.1:`port` (where it would loop). */
export function pointsAtListener(url: URL, port: number): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const local = isLoopback(url) || host === "0.0.0.0" || host === "::";
  const target = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  return local && target === port;
}

/** The error for a `--forward-to` that is the listener itself. */
export function selfForwardError(url: URL, port: number): UsageError {
  return new UsageError(`--forward-to "${url.href}" is this listener (port ${port})`, {
    hints: ["Every delivery would come back to it: forward to your app's port instead."],
  });
}

/** Sends valid deliveries to one URL: directly when it is on this machine (no HTTP_PROXY). */
export class Forwarder {
  #url: URL;
  #deps: Deps;
  #id: string;
  #timeoutMs: number;
  #client: Deno.HttpClient | undefined;
  #stopped = new AbortController();

  constructor(url: URL, deps: Deps, options: { id: string; timeoutMs: number }) {
    this.#url = url;
    this.#deps = deps;
    this.#id = options.id;
    this.#timeoutMs = options.timeoutMs;
    // A proxy would see every delivery to a local app, and loopback is not its to reach.
    this.#client = directClient(url);
  }

  /** Whether `request` already came through this listener: forwarding it again loops. */
  looped(request: Request): boolean {
    const hops = (request.headers.get(FORWARDED_BY) ?? "").split(",").map((hop) => hop.trim());
    return hops.includes(this.#id);
  }

  /** Sends a delivery on, headers and body as received, marked as forwarded by this listener. */
  async send(request: Request, body: Uint8Array): Promise<Received["forwarded"]> {
    const headers = new Headers();
    request.headers.forEach((value, name) => {
      if (!HOP_HEADERS.has(name.toLowerCase())) headers.set(name, value);
    });
    const earlier = request.headers.get(FORWARDED_BY);
    headers.set(FORWARDED_BY, earlier ? `${earlier}, ${this.#id}` : this.#id);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.#timeoutMs);
    try {
      // The bytes as they came: the signature the receiver checks is over them.
      const response = await this.#deps.fetch(this.#url, {
        method: "POST",
        headers,
        body: body as BodyInit,
        signal: AbortSignal.any([timeout.signal, this.#stopped.signal]),
        ...(this.#client ? { client: this.#client } : {}),
      } as RequestInit);
      await response.body?.cancel();
      return { status: response.status };
    } catch (error) {
      if (timeout.signal.aborted) {
        return { error: `no answer within ${this.#timeoutMs / 1000} s` };
      }
      if (this.#stopped.signal.aborted) return { error: "stopped (Ctrl-C)" };
      return { error: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends forwards under way (Ctrl-C) and releases the direct connection. */
  close(): void {
    this.#stopped.abort();
    this.#client?.close();
  }
}
