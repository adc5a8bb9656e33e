/** URL helpers of the HTTP layer: joining paths, loopback, the direct loopback client. */

/** Whether a URL's host is this machine (plain http is acceptable there). */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host.endsWith(".localhost") ||
    host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Joins a base URL (which may have a path prefix) and an API path. */
export function joinUrl(base: string, path: string): URL {
  const url = new URL(base);
  url.pathname = url.pathname.replace(/\/+$/, "") + path;
  return url;
}

/**
 * A connection straight to a plain-http loopback API, or undefined for any
 * other URL. Deno sends every request through HTTP_PROXY when it is set,
 * loopback included: a local API would then be asked for through the proxy,
 * and the key would travel to the proxy in clear text. https keeps the
 * default (a proxy only tunnels it).
 */
export function directClient(url: URL): Deno.HttpClient | undefined {
  if (url.protocol !== "http:" || !isLoopback(url)) return undefined;
  return Deno.createHttpClient({
    proxy: { transport: "tcp", hostname: url.hostname, port: Number(url.port || 80) },
  });
}
