/** The composition root: the real process's dependencies. Only `main.ts` imports this. */
import type { Deps } from "../deps.ts";
import { systemIo } from "./io.ts";
import { serve } from "./serve.ts";

export { serve };

/** The longest delay setTimeout takes; a longer one fires at once (Deno warns and uses 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Sleeps `ms`, in steps setTimeout can take: every timer of the CLI goes through here. */
async function sleep(ms: number): Promise<void> {
  for (let left = Math.max(0, ms); left > 0; left -= MAX_TIMER_MS) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(left, MAX_TIMER_MS)));
  }
}

/** The real process's dependencies. */
export function systemDeps(): Deps {
  const env = (name: string) => Deno.env.get(name);
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
    serve,
    keychain: async () => (await import("./keychain.ts")).openKeychain(env),
    prompt: {
      password: async (message) => (await import("./prompt.ts")).password(message),
      confirm: async (message) => (await import("./prompt.ts")).confirm(message),
    },
  };
}
