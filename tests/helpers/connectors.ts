/** Connections in tests: an ACTIVE one made through the API, as a user approving it would. */
import assert from "node:assert/strict";

/** Connects `slug` for the holder of `key` on `server` and opens its URL: it is ACTIVE after. */
export async function connectActive(server: { url: string; key: string }, slug: string) {
  const started = await fetch(`${server.url}/api/v1/connectors/${slug}/connect`, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.key}` },
  });
  const { redirect_url } = await started.json();
  const page = await fetch(redirect_url);
  assert.match(await page.text(), /Connection complete/);
}

/**
 * A fetch that sends requests on, and plays the user's browser: before the `poll`-th
 * `GET /api/v1/connectors` (the first by default) it opens the URL the last connect answered
 * (with `suffix` added), or calls `instead` when given.
 */
export function browsingFetch(
  options: { poll?: number; suffix?: string; instead?: () => void } = {},
): { fetch: typeof fetch; requests: string[] } {
  const requests: string[] = [];
  let redirect: string | undefined;
  let polls = 0;
  const browsing: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    requests.push(`${request.method} ${path}`);
    if (request.method === "GET" && path === "/api/v1/connectors") {
      polls++;
      if (polls === (options.poll ?? 1)) {
        if (options.instead) options.instead();
        else if (redirect) await (await fetch(redirect + (options.suffix ?? ""))).body?.cancel();
      }
    }
    const response = await fetch(request);
    if (request.method === "POST" && path.endsWith("/connect")) {
      redirect = (await response.clone().json()).redirect_url ?? undefined;
    }
    return response;
  };
  return { fetch: browsing, requests };
}
