/** URL helpers of the HTTP layer: joining paths, loopback, the direct loopback client. */

/**
 * Whether a URL's host is this machine, where plain http is acceptable: the
 * name `localhost` itself (RFC 6761 reserves it for loopback), 127.0.0.0/8,
 * `::1` and the IPv4-mapped `::ffff:127.x.x.x`. Other names are not, however
 * they end (`evil.localhost` can point anywhere through a hosts file): only
 * these are connected to without a proxy, and only they get a key over http. Nor is
 * `localhost.` (or `localhost%2e`): glibc answers it from DNS, not from /etc/hosts, so a
 * resolver would decide where a key goes in clear text.
 */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost") return true;
  // The URL parser has already turned 127.1, 0x7f.0.0.1 and 2130706433 into dotted quads.
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === "::1") return true;
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(host);
  return mapped !== null && parseInt(mapped[1], 16) >> 8 === 127;
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
