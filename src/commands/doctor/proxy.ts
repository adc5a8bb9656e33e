/**
 * The proxy check of `torale doctor`: which proxy variables Deno's HTTP
 * client will see, shown without their passwords, and whether Deno can use
 * them (it silently ignores a value it cannot parse).
 */
import { isLoopback } from "../../api/url.ts";
import type { Check } from "./checks.ts";

/** The proxy variables Deno reads (ext/fetch/proxy.rs), upper case first. */
export const PROXY_VARS = [
  "HTTPS_PROXY",
  "https_proxy",
  "HTTP_PROXY",
  "http_proxy",
  "ALL_PROXY",
  "all_proxy",
] as const;

/** Hosts that bypass the proxies. */
export const NO_PROXY_VARS = ["NO_PROXY", "no_proxy"] as const;

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const PROXY_SCHEMES = ["http:", "https:", "socks5:", "socks5h:"];

/** `value` with the password of its `user:password@` (or a bare `token@`) replaced by `***`. */
export function maskProxy(value: string): string {
  return value.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)?([^/]*)@/i,
    (_match, scheme: string | undefined, userinfo: string) => {
      const colon = userinfo.indexOf(":");
      return `${scheme ?? ""}${colon === -1 ? "***" : `${userinfo.slice(0, colon)}:***`}@`;
    },
  );
}

/** Why Deno would ignore a proxy value, or undefined when it can use it. */
export function proxyProblem(value: string): string | undefined {
  // Deno takes a value without a scheme to be an http:// proxy.
  const full = SCHEME.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(full);
  } catch {
    return "not a URL";
  }
  if (!PROXY_SCHEMES.includes(url.protocol)) {
    return `${url.protocol}// is not a proxy scheme Deno supports (http, https, socks5, socks5h)`;
  }
  if (url.hostname === "") return "it names no host";
  const userinfo = /^[^/]*\/\/([^/]*)@/.exec(full)?.[1];
  if (userinfo !== undefined && !userinfo.includes(":")) {
    return "credentials must be user:password@";
  }
  return undefined;
}

/**
 * The proxy variables in effect (informational), failing only on a value
 * Deno cannot use. A plain-http API on this machine never goes through them.
 */
export function proxyCheck(env: (name: string) => string | undefined, apiUrl: URL): Check {
  const shown: string[] = [];
  const problems: string[] = [];
  for (const name of [...PROXY_VARS, ...NO_PROXY_VARS]) {
    const value = env(name)?.trim();
    if (!value) continue;
    const masked = maskProxy(value);
    shown.push(`${name}=${masked}`);
    const problem = (PROXY_VARS as readonly string[]).includes(name)
      ? proxyProblem(value)
      : undefined;
    if (problem) problems.push(`${name}=${masked}: ${problem}`);
  }
  if (shown.length === 0) return { name: "proxy", ok: true, detail: "none set" };
  const direct = apiUrl.protocol === "http:" && isLoopback(apiUrl)
    ? `; ${apiUrl.origin} is reached directly, never through a proxy`
    : "";
  const detail = `${shown.join(", ")}${direct}`;
  if (problems.length === 0) return { name: "proxy", ok: true, detail };
  return {
    name: "proxy",
    ok: false,
    detail: `${detail}; Deno ignores ${problems.join("; ")}`,
    fix: "Set it to a URL such as http://user:password@proxy.example:3128, or unset it.",
  };
}
