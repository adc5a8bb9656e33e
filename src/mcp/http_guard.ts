/**
 * What `torale mcp serve --http` holds every request to before MCP sees it: a loopback Host and
 * Origin (DNS rebinding: a web page whose name resolves to 127.0.0.1 must not reach the server),
 * then the bearer token printed at start.
 */

/** The names a loopback listener may be given; the bracketed IPv6 form is accepted too. */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

/** `hostname` as Deno.listen takes it, or undefined when it is not a loopback name. */
export function loopbackName(hostname: string): string | undefined {
  const bare = hostname.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return LOOPBACK.has(bare) ? bare : undefined;
}

/** `hostname` as it appears in a URL or a Host header (IPv6 in brackets). */
export function urlHost(hostname: string): string {
  return hostname.includes(":") ? `[${hostname}]` : hostname;
}

/** The Host values a request to this server may carry: a loopback name with our port. */
export function allowedHosts(port: number): Set<string> {
  return new Set([...LOOPBACK].map((name) => `${urlHost(name)}:${port}`));
}

/** A JSON-RPC error answer, as the SDK's transport writes its own. */
export function jsonError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(
    JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }),
    { status, headers: { "content-type": "application/json", ...headers } },
  );
}

/**
 * Why `request` is refused (403, 401), or undefined. Host and Origin come first, so a page
 * rebinding its name to this machine learns nothing about the token, not even that one is asked.
 */
export function refusal(
  request: Request,
  options: { hosts: Set<string>; token: string },
): Response | undefined {
  const host = request.headers.get("host")?.toLowerCase();
  if (host === undefined || !options.hosts.has(host)) {
    return jsonError(403, "Forbidden: the Host header must name this loopback server");
  }
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const originHost = /^http:\/\/([^/]+)$/i.exec(origin)?.[1].toLowerCase();
    if (originHost === undefined || !options.hosts.has(originHost)) {
      return jsonError(403, "Forbidden: requests from another origin are refused");
    }
  }
  const given = /^Bearer +(\S+) *$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  if (!sameSecret(given, options.token)) {
    return jsonError(401, "Unauthorized: send the token printed at start as a bearer token", {
      "www-authenticate": 'Bearer realm="torale mcp"',
    });
  }
  return undefined;
}

/** Whether `given` is `expected`, in a time that does not depend on where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a.length ? a[i % a.length] : 0) ^ b[i];
  return diff === 0 && b.length > 0;
}
