/** The composition root: the real process's dependencies. Only `main.ts` imports this. */
import type { Deps } from "../deps.ts";
import { systemIo } from "./io.ts";

/** The longest delay setTimeout takes; a longer one fires at once (Deno warns and uses 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Sleeps `ms`, in steps setTimeout can take: every timer of the CLI goes through here. */
async function sleep(ms: number): Promise<void> {
  for (let left = Math.max(0, ms); left > 0; left -= MAX_TIMER_MS) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(left, MAX_TIMER_MS)));
  }
}

/** What this machine is, as NO_PROXY says it: no proxy ever stands between the CLI and it. */
const LOOPBACK = ["127.0.0.0/8", "localhost", "::1"];

/**
 * Adds this machine to NO_PROXY (and no_proxy) before the first request. Deno sends every
 * request through HTTP_PROXY when it is set, loopback included: the key would travel to the
 * proxy in clear text, and a request sent to a proxy uses the absolute form
 * (`GET http://127.0.0.1:8000/auth/me`), which a plain-http dev server (uvicorn's h11) routes
 * as an unknown path. Deno reads these variables when it makes its HTTP client, on the first
 * request, so every request after this goes straight to this machine, in the origin form.
 * Returns the values as the user set them, which is what the CLI shows (`torale doctor`).
 */
export function bypassProxyForLoopback(): Map<string, string | undefined> {
  const given = new Map<string, string | undefined>();
  try {
    for (const name of ["NO_PROXY", "no_proxy"]) given.set(name, Deno.env.get(name));
    // Deno reads NO_PROXY, and no_proxy only when NO_PROXY is unset: the list in force is that
    // one, and both variables get it plus this machine (setting NO_PROXY alone would hide a
    // user's no_proxy).
    const inForce = given.get("NO_PROXY") ?? given.get("no_proxy");
    const items = inForce?.split(",").map((item) => item.trim()).filter(Boolean) ?? [];
    const list = [...items, ...LOOPBACK.filter((item) => !items.includes(item))].join(",");
    for (const name of ["NO_PROXY", "no_proxy"]) Deno.env.set(name, list);
  } catch (error) {
    // Without leave to set them, src/api/url.ts directClient still keeps loopback off proxies.
    if (!(error instanceof Deno.errors.NotCapable)) throw error;
  }
  return given;
}

/** The real process's dependencies. */
export function systemDeps(): Deps {
  const given = bypassProxyForLoopback();
  const env = (name: string) => given.has(name) ? given.get(name) : Deno.env.get(name);
  return {
    io: systemIo(),
    env,
    homeDir: env(Deno.build.os === "windows" ? "USERPROFILE" : "HOME"),
    fetch: globalThis.fetch,
    openFile: async (path) => (await Deno.open(path)).readable,
    writeTextFile: (path, text) => Deno.writeTextFile(path, text),
    clock: {
      now: () => Date.now(),
      sleep: sleep,
    },
    onInterrupt: (listener) => {
      Deno.addSignalListener("SIGINT", listener);
      return () => Deno.removeSignalListener("SIGINT", listener);
    },
    // The listener's HTTP server, loaded only by `webhook listen`: off every start-up path.
    serve: async (options, handler) => (await import("./serve.ts")).serve(options, handler),
    keychain: async () => (await import("./keychain.ts")).openKeychain(env),
    program: () => ({
      execPath: Deno.execPath(),
      mainModule: Deno.mainModule,
      standalone: Deno.build.standalone,
      os: Deno.build.os,
    }),
    openBrowser: async (url) => (await import("./browser.ts")).openBrowser(url),
    prompt: {
      password: async (message) => (await import("./prompt.ts")).password(message),
      confirm: async (message) => (await import("./prompt.ts")).confirm(message),
    },
  };
}
