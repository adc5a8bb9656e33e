/**
 * Third-party prompt code probes environment variables the CLI is not
 * allowed to read (NODE_DISABLE_COLORS, TMUX, INQUIRER_KEYBINDINGS, …,
 * depending on the terminal). Under least-privilege permissions each probe
 * would throw NotCapable; this makes a variable we may not read look unset
 * instead. Applied before @inquirer/prompts loads, and only on the prompt path.
 */

/** The part of Node's `process` object this module touches. */
export interface ProcessLike {
  env: Record<string, string | undefined>;
}

function unsetIfDenied<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) return fallback;
    throw error;
  }
}

/** Replaces `process.env` with a view in which variables we may not read are unset. */
export function hideDeniedEnv(process: ProcessLike): void {
  const env = process.env;
  const read = (name: string | symbol) =>
    typeof name === "string" ? unsetIfDenied(() => env[name], undefined) : undefined;

  // The target is a plain object: the engine's proxy invariant checks would
  // otherwise consult Deno's own env object and throw anyway.
  Object.defineProperty(process, "env", {
    configurable: true,
    enumerable: true,
    writable: true,
    value: new Proxy({} as Record<string, string | undefined>, {
      get: (_target, name) => read(name),
      has: (_target, name) => read(name) !== undefined,
      set: (_target, name, value) => {
        if (typeof name === "string") env[name] = value;
        return true;
      },
      deleteProperty: (_target, name) => {
        if (typeof name === "string") delete env[name];
        return true;
      },
      ownKeys: () => unsetIfDenied(() => Reflect.ownKeys(env), []),
      getOwnPropertyDescriptor: (_target, name) => {
        const value = read(name);
        return value === undefined
          ? undefined
          : { value, writable: true, enumerable: true, configurable: true };
      },
    }),
  });
}
