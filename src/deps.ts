/** Everything a command needs from the outside world, injectable for tests. */
import type { Clock } from "./api/client.ts";
import { type Io, systemIo } from "./io.ts";

/** Interactive prompts (only ever shown on a terminal). */
export interface Prompter {
  /** Asks for a secret without echoing it. */
  password(message: string): Promise<string>;
  /** Asks a yes/no question; `false` unless the user says yes. */
  confirm(message: string): Promise<boolean>;
}

/** The outside world. */
export interface Deps {
  io: Io;
  env: (name: string) => string | undefined;
  /** The user's home directory, where `.torale/` lives. */
  homeDir: string | undefined;
  fetch: typeof fetch;
  clock: Clock;
  prompt: Prompter;
}

/** The real process's dependencies. */
export function systemDeps(): Deps {
  const env = (name: string) => Deno.env.get(name);
  return {
    io: systemIo(),
    env,
    homeDir: env(Deno.build.os === "windows" ? "USERPROFILE" : "HOME"),
    fetch: globalThis.fetch,
    clock: {
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
    prompt: {
      password: async (message) => (await import("./cli/prompt.ts")).password(message),
      confirm: async (message) => (await import("./cli/prompt.ts")).confirm(message),
    },
  };
}
