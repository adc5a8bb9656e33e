/** Running the CLI in tests: in-process with fake deps, or as a real subprocess. */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import assert from "node:assert/strict";
import type { Deps, Program, Prompter } from "../../src/deps.ts";
import { serve } from "../../src/system/serve.ts";
import { run } from "../../src/run.ts";
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { cleanEnv } from "../../scripts/clean_env.ts";

/** What a CLI run produced. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const ROOT = join(import.meta.dirname!, "..", "..");

/**
 * The module `deno run` starts: main.ts, or the release bundle when
 * TORALE_ENTRY names it (tests/e2e/bundle_test.ts runs suites that way).
 */
export const ENTRY = Deno.env.get("TORALE_ENTRY") ?? join(ROOT, "main.ts");

/** A fresh temporary HOME; the real ~/.torale is never touched. */
export async function tempHome(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "torale-home-" });
}

/** Fails if any secret appears anywhere in what the CLI wrote. */
export function assertNoSecrets(result: CliResult, secrets: readonly string[]): void {
  for (const secret of secrets) {
    if (!secret) continue;
    assert(!result.stdout.includes(secret), "the full API key appeared on stdout");
    assert(!result.stderr.includes(secret), "the full API key appeared on stderr");
  }
}

/** `torale` and `args` as one would type them in a shell, to name a case. */
export function commandLine(args: readonly string[]): string {
  const words = args.map((arg) => /^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg));
  return ["torale", ...words].join(" ");
}

/** Options of an in-process run. */
export interface InProcessOptions {
  home: string;
  env?: Record<string, string>;
  stdin?: string;
  stdinIsTerminal?: boolean;
  stdoutIsTerminal?: boolean;
  stderrIsTerminal?: boolean;
  columns?: number;
  fetch?: typeof fetch;
  prompt?: Partial<Prompter>;
  /** Strings that must never appear in the output (checked on every run). */
  secrets?: string[];
  /** Sleeps are recorded here instead of waiting. */
  sleeps?: number[];
  /** Really wait in clock.sleep (for polling against a live server). */
  realSleep?: boolean;
  /** Receives each Ctrl-C listener a command installs; call one to press Ctrl-C. */
  interrupts?: (() => void)[];
  /** Replaces the real local HTTP server (`webhook listen`). */
  serve?: Deps["serve"];
  /** The OS credential store the run sees; none (the file fallback) when undefined. */
  keychain?: Deps["keychain"];
  /** clock.now stands still except for what clock.sleep adds: deadlines become exact. */
  virtualTime?: boolean;
  /** How the run says it was started (`mcp config`); `deno run` of ENTRY unless given. */
  program?: Program;
  /** The browser opener; by default any call fails the run (tests never open a browser). */
  openBrowser?: Deps["openBrowser"];
}

/** Runs `run()` with in-memory streams. Every key in `env`/args is checked for leaks. */
export async function runInProcess(args: string[], options: InProcessOptions): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const env = options.env ?? {};
  let virtualNow = Date.parse("2026-01-01T00:00:00Z");
  const deps: Deps = {
    io: {
      stdout: {
        write: (text) => void (stdout += text),
        isTerminal: options.stdoutIsTerminal ?? false,
        columns: options.columns,
      },
      stderr: {
        write: (text) => void (stderr += text),
        isTerminal: options.stderrIsTerminal ?? false,
        columns: options.columns,
      },
      stdin: {
        isTerminal: options.stdinIsTerminal ?? false,
        readable: () => new Blob([options.stdin ?? ""]).stream(),
      },
    },
    env: (name) => env[name],
    homeDir: options.home,
    fetch: options.fetch ?? globalThis.fetch,
    openFile: async (path) => (await Deno.open(path)).readable,
    writeTextFile: (path, text) => Deno.writeTextFile(path, text),
    clock: {
      now: () => options.virtualTime ? virtualNow : Date.now(),
      sleep: (ms) => {
        options.sleeps?.push(ms);
        virtualNow += ms;
        return options.realSleep
          ? new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50)))
          : Promise.resolve();
      },
    },
    onInterrupt: (listener) => {
      options.interrupts?.push(listener);
      return () => {};
    },
    serve: options.serve ?? serve,
    keychain: options.keychain ??
      (() => Promise.resolve({ unavailable: "no credential store in in-process tests" })),
    program: () =>
      options.program ?? {
        execPath: Deno.execPath(),
        mainModule: pathToFileURL(ENTRY).href,
        standalone: false,
        os: Deno.build.os,
      },
    openBrowser: options.openBrowser ??
      ((url) => Promise.reject(new Error(`unexpected browser open: ${url}`))),
    prompt: {
      password: options.prompt?.password ??
        (() => Promise.reject(new Error("unexpected password prompt"))),
      confirm: options.prompt?.confirm ??
        (() => Promise.reject(new Error("unexpected confirm prompt"))),
    },
  };
  const code = await run(args, deps);
  const result = { code, stdout, stderr };
  assertNoSecrets(result, options.secrets ?? []);
  return result;
}

/** Where a local API listens and a key it accepts (a `TestApi` from ./api.ts). */
export interface KeyedApi {
  url: string;
  key: string;
}

/**
 * Runs in-process against `api` with its key in TORALE_API_KEY and its URL in
 * TORALE_API_URL; the key is checked for leaks. A fresh HOME unless given.
 */
export async function runWithKey(
  api: KeyedApi,
  args: string[],
  options: Partial<InProcessOptions> = {},
): Promise<CliResult> {
  return await runWithEnv(args, { TORALE_API_KEY: api.key, TORALE_API_URL: api.url }, {
    ...options,
    secrets: [api.key, ...options.secrets ?? []],
  });
}

/**
 * Runs in-process with TORALE_NOAUTH=1 and a loopback URL nothing listens on,
 * for runs whose `fetch` is a stub (or whose env names another URL). A fresh
 * HOME unless given.
 */
export async function runNoAuth(
  args: string[],
  options: Partial<InProcessOptions> = {},
): Promise<CliResult> {
  return await runWithEnv(
    args,
    { TORALE_NOAUTH: "1", TORALE_API_URL: "http://127.0.0.1:9" },
    options,
  );
}

/** An in-process run on `options.home` or a fresh one, `env` under `options.env`. */
async function runWithEnv(
  args: string[],
  env: Record<string, string>,
  options: Partial<InProcessOptions>,
): Promise<CliResult> {
  return await runInProcess(args, {
    ...options,
    home: options.home ?? await tempHome(),
    env: { ...env, ...options.env },
  });
}

/** Options of a subprocess run. */
export interface SubprocessOptions {
  home: string;
  env?: Record<string, string>;
  stdin?: string;
  secrets?: string[];
  /** Extra Deno flags, or the default least-privilege set when undefined. */
  permissions?: string[];
}

/**
 * A compiled binary to test instead of `deno run main.ts` (the release
 * workflow sets it to run the end-to-end suite against what it ships).
 */
export const TORALE_BIN = Deno.env.get("TORALE_BIN");

/**
 * Runs the CLI as a user would: `deno run main.ts` (or TORALE_ENTRY) with the
 * least-privilege flags, or the TORALE_BIN binary; a clean environment and HOME set.
 */
export async function runSubprocess(
  args: string[],
  options: SubprocessOptions,
): Promise<CliResult> {
  const command = new Deno.Command(TORALE_BIN ?? Deno.execPath(), {
    args: TORALE_BIN ? args : [
      "run",
      ...(options.permissions ?? cliPermissionFlags()),
      ENTRY,
      ...args,
    ],
    cwd: ROOT,
    clearEnv: true,
    // USERPROFILE: Windows' HOME, which the CLI reads there instead.
    env: await cleanEnv({
      HOME: options.home,
      USERPROFILE: options.home,
      NO_COLOR: "1",
      ...options.env,
    }),
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = command.spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const output = await child.output();
  const result = {
    code: output.code,
    stdout: new TextDecoder().decode(output.stdout),
    stderr: new TextDecoder().decode(output.stderr),
  };
  assertNoSecrets(result, options.secrets ?? []);
  return result;
}
