/**
 * A fetch that answers from a list of stubs, in order. An unexpected request
 * fails the test, and so does a stub left unused (checked by `assertDone`).
 */
import assert from "node:assert/strict";

/** One expected request and its answer (a Response, or an error to throw). */
export interface Stub {
  method: string;
  path: string;
  respond: (request: Request) => Response | Promise<Response> | never;
}

/** The fake fetch plus what it saw. */
export interface FetchStub {
  fetch: typeof fetch;
  requests: Request[];
  assertDone(): void;
}

/** Builds a fetch that serves `stubs` in order. */
export function stubFetch(stubs: Stub[]): FetchStub {
  const queue = [...stubs];
  const requests: Request[] = [];
  const fake = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    const next = queue.shift();
    const url = new URL(request.url);
    assert(next, `unexpected request ${request.method} ${url.pathname}`);
    assert.equal(`${request.method} ${url.pathname}`, `${next.method} ${next.path}`);
    return await next.respond(request);
  }) as typeof fetch;
  return {
    fetch: fake,
    requests,
    assertDone: () =>
      assert.equal(queue.length, 0, `${queue.length} stubbed request(s) never made`),
  };
}

/** A JSON response. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** `GET /health` as the classic API answers it (the generation check). */
export const classicHealth: Stub = {
  method: "GET",
  path: "/health",
  respond: () => json(200, { status: "healthy", service: "torale-api" }),
};

/** `GET /health` as the current API answers it. */
export const currentHealth: Stub = {
  method: "GET",
  path: "/health",
  respond: () => json(200, { status: "healthy" }),
};

/** A fetch that records `METHOD path` of each request, then sends it. */
export function recording(): { fetch: typeof fetch; requests: string[] } {
  const requests: string[] = [];
  return {
    requests,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      requests.push(`${init?.method ?? "GET"} ${url.pathname}`);
      return fetch(input, init);
    },
  };
}

/** A 500 as the real Torale service sends it for an unhandled exception (plain text). */
export function internalServerError(): Response {
  return new Response("Internal Server Error", {
    status: 500,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

/**
 * A fetch to a real (local) server that answers 500 to the requests `when` picks, as the real
 * service does for its known faults: not sent at all, or with `after`, sent and handled first
 * (the server made the change, and still answered 500).
 */
export function serverFault(
  when: (request: Request, body: string) => boolean,
  options: { after?: boolean } = {},
): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const body = await request.clone().text();
    if (!when(request, body)) return await fetch(request);
    if (options.after) await (await fetch(request)).body?.cancel();
    return internalServerError();
  };
}
