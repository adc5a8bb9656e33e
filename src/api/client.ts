/**
 * The one HTTP client every command uses: URL joining that keeps a base path,
 * bearer auth, timeouts, bounded retries, error mapping and a redacted
 * --debug trace.
 */
import { AuthError, CliError } from "../errors.ts";
import { redactKeys } from "../output/mask.ts";
import { clean } from "../output/sanitize.ts";
import type { Clock } from "../deps.ts";
import { checkAnswer, type Expected, parseJson } from "./decode.ts";
import { send } from "./transport.ts";
import { isLoopback, joinUrl } from "./url.ts";
import { errorFromAnswer, retryAfterSeconds, type Sources } from "./errors.ts";
import { errorFromFailure, insecureUrlError, isConnectionReset } from "./failures.ts";

/** How to build an {@link ApiClient}. */
export interface ApiClientOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer`; omitted when undefined. */
  apiKey?: string;
  timeoutS: number;
  userAgent: string;
  fetch: typeof fetch;
  clock: Clock;
  /** Where the key and URL came from, named in the hints of errors. */
  sources?: Sources;
  /**
   * Sees each decoded successful answer before it is returned (the session checks it against
   * the generation it remembered); awaited.
   */
  onAnswer?: (path: string, body: unknown) => Promise<void> | undefined;
  /** Receives --debug trace lines; no tracing when undefined. */
  trace?: (line: string) => void;
  /**
   * A clock time (ms) no request may run past: a waiting command gives each
   * request only the time it has left, retries and their pauses included.
   */
  deadline?: number;
}

/** One request. */
export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** The JSON a successful answer must hold; anything else is an error, not a crash later. */
  expect?: Expected;
  /** Receives the headers of each HTTP answer, error answers and retried ones included. */
  onHeaders?: (headers: Headers) => void;
  /** A body already serialised as JSON, sent as it is (instead of `body`). */
  bodyText?: string;
  /** Told the seconds before the client waits out a 429's short Retry-After itself. */
  onRateLimit?: (seconds: number) => void;
}

/** An answer as it came, for `torale api`: any status, the body as text. */
export interface RawAnswer {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
}

const BODY_LIMIT = 2048;
const RETRY_STATUSES = new Set([502, 503, 504]);
const MAX_RETRIES = 2;
const MAX_RATE_LIMIT_WAIT_S = 10;

function cut(text: string): string {
  if (text.length <= BODY_LIMIT) return text;
  return `${text.slice(0, BODY_LIMIT)}… (${text.length - BODY_LIMIT} more characters)`;
}

/** HTTP client for the Torale API. */
export class ApiClient {
  readonly #options: ApiClientOptions;

  constructor(options: ApiClientOptions) {
    this.#options = options;
  }

  /** The API URL requests go to, as configured (named in messages). */
  get baseUrl(): string {
    return this.#options.baseUrl;
  }

  /** The same client, with every request ending by `deadline` (clock ms) at the latest. */
  withDeadline(deadline: number): ApiClient {
    return new ApiClient({ ...this.#options, deadline });
  }

  /** GET a path and decode its JSON. */
  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("GET", path, options);
  }

  /** POST a JSON body. */
  post<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("POST", path, options);
  }

  /** PUT a JSON body. */
  put<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("PUT", path, options);
  }

  /** PATCH a JSON body. */
  patch<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("PATCH", path, options);
  }

  /** DELETE a path. */
  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("DELETE", path, options);
  }

  /** Sends a request with retries and returns the decoded JSON body (undefined for 204). */
  async request<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<T> {
    const { response, text, url, info } = await this.#exchange(method, path, options);
    const { clock, baseUrl } = this.#options;
    const answer = (json: unknown) => ({
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      json,
      contentType: response.headers.get("content-type") ?? "",
    });
    if (!response.ok) throw errorFromAnswer(answer(parseJson(text)), info, clock.now());
    let decoded: unknown;
    try {
      decoded = response.status === 204 || text === "" ? undefined : JSON.parse(text);
    } catch {
      throw errorFromAnswer(answer(undefined), info, clock.now());
    }
    const origin = { method, path: url.pathname, status: response.status, baseUrl };
    const checked = checkAnswer(decoded, options.expect, origin) as T;
    await this.#options.onAnswer?.(path, checked);
    return checked;
  }

  /**
   * Sends a request under the same rules as {@link request} (URL, key,
   * timeout, retries, redirects, bounded read, trace) and returns the final
   * answer whatever its status, its body undecoded: for `torale api`.
   */
  async raw(method: string, path: string, options: RequestOptions = {}): Promise<RawAnswer> {
    const { response, text } = await this.#exchange(method, path, options);
    const { status, statusText, headers } = response;
    return { status, statusText, headers, text };
  }

  /** The retry loop: the last answer, or an error when none came or the key met another origin. */
  async #exchange(method: string, path: string, options: RequestOptions) {
    const { apiKey, clock, timeoutS } = this.#options;
    const url = joinUrl(this.#options.baseUrl, path);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    if (apiKey !== undefined && url.protocol === "http:" && !isLoopback(url)) {
      throw insecureUrlError(url);
    }
    const headers: Record<string, string> = {
      "Accept": "application/json",
      "User-Agent": this.#options.userAgent,
    };
    if (apiKey !== undefined) headers["Authorization"] = `Bearer ${apiKey}`;
    const body = options.bodyText ??
      (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const info = {
      method,
      url: url.href,
      keySent: apiKey !== undefined,
      sources: this.#options.sources,
    };

    let retries = 0;
    let waitedForRateLimit = false;
    const deadline = this.#options.deadline ?? Infinity;
    /** Waits `ms` before another attempt, or says there is no time left for one. */
    const pause = async (ms: number): Promise<boolean> => {
      if (clock.now() + ms >= deadline) return false;
      await clock.sleep(ms);
      return true;
    };
    while (true) {
      this.#traceRequest(method, url, headers, body);
      const started = clock.now();
      const timeoutMs = Math.min(timeoutS * 1000, deadline - started);
      let response: Response;
      let text: string;
      let answeredBy: URL;
      try {
        if (timeoutMs <= 0) throw new DOMException("no time left", "TimeoutError");
        ({ response, text, url: answeredBy } = await send({ method, url, headers, body }, {
          fetch: this.#options.fetch,
          signal: AbortSignal.timeout(timeoutMs),
          trace: (line) => this.#trace(line),
        }));
      } catch (error) {
        // A missing --allow-net is not a network failure: run() explains the flag.
        if (error instanceof Deno.errors.NotCapable || error instanceof CliError) throw error;
        this.#trace(`< failed after ${clock.now() - started} ms: ${error}`);
        if (
          method === "GET" && retries < MAX_RETRIES && isConnectionReset(error) &&
          await pause(this.#backoff(retries))
        ) {
          retries++;
          continue;
        }
        throw errorFromFailure(error, info, Math.round(Math.max(0, timeoutMs) / 100) / 10);
      }
      this.#traceResponse(response, text, clock.now() - started);
      options.onHeaders?.(response.headers);
      if (response.ok) return { response, text, url, info };
      if (
        (response.status === 401 || response.status === 403) && apiKey !== undefined &&
        answeredBy.origin !== url.origin
      ) {
        throw new AuthError(
          `${method} ${url.pathname} was redirected to ${answeredBy.origin}, another origin: the API key is not sent there`,
          {
            hints: [
              `If the API has moved, point --api-url or TORALE_API_URL at ${answeredBy.origin}.`,
            ],
          },
        );
      }
      if (
        method === "GET" && RETRY_STATUSES.has(response.status) &&
        retries < MAX_RETRIES && await pause(this.#backoff(retries))
      ) {
        retries++;
        continue;
      }
      if (response.status === 429 && !waitedForRateLimit) {
        const wait = retryAfterSeconds(response.headers, parseJson(text), clock.now());
        if (
          wait !== undefined && wait <= MAX_RATE_LIMIT_WAIT_S &&
          clock.now() + wait * 1000 < deadline
        ) {
          options.onRateLimit?.(wait);
          await clock.sleep(wait * 1000);
          waitedForRateLimit = true;
          this.#trace(`rate limited: waited ${wait} s before one retry`);
          continue;
        }
      }
      return { response, text, url, info };
    }
  }

  #backoff(attempt: number): number {
    return 250 * 2 ** attempt;
  }

  #trace(line: string) {
    // Trace lines quote the server (bodies, headers, status text): terminal-safe, keys masked.
    this.#options.trace?.(redactKeys(clean(line)));
  }

  #traceRequest(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: string | undefined,
  ) {
    if (!this.#options.trace) return;
    this.#trace(`> ${method} ${url.href}`);
    for (const [name, value] of Object.entries(headers)) {
      this.#trace(
        `> ${name}: ${name === "Authorization" ? "Bearer [redacted]" : value}`,
      );
    }
    if (body !== undefined) this.#trace(`> ${cut(body)}`);
  }

  #traceResponse(response: Response, text: string, ms: number) {
    if (!this.#options.trace) return;
    this.#trace(`< ${response.status} ${response.statusText} (${ms} ms)`);
    for (const [name, value] of response.headers) {
      this.#trace(`< ${name}: ${value}`);
    }
    if (text !== "") this.#trace(`< ${cut(text)}`);
  }
}
