/**
 * The least Deno permissions the CLI needs, in one place: `deno task torale`
 * (deno.json), scripts/compile.ts and the end-to-end tests all use these.
 */
import { NO_PROXY_VARS, PROXY_VARS } from "../src/commands/doctor/proxy.ts";
import { openerProgram } from "../src/system/browser.ts";

/** Environment variables the CLI reads. */
export const CLI_ENV_VARS = [
  "TORALE_API_KEY",
  "TORALE_API_URL",
  "TORALE_NOAUTH",
  "TORALE_DEBUG",
  "TORALE_API_GENERATION",
  "TORALE_WEBHOOK_SECRET",
  "TORALE_PROFILE",
  // Test-only: the credential store's service name in the suites (src/system/keychain.ts).
  "TORALE_TEST_KEYCHAIN_SERVICE",
  "HOME",
  "USERPROFILE",
  "NO_COLOR",
  "FORCE_COLOR",
  "TERM",
  // `connectors connect` never opens a browser in CI; unreadable, CI would count as unset.
  "CI",
  // Read by `torale doctor` to report them; Deno's HTTP client reads them itself.
  ...PROXY_VARS,
  ...NO_PROXY_VARS,
];

/** The operating systems the CLI runs on (those of scripts/compile.ts's targets). */
export type Os = "linux" | "darwin" | "windows";

/**
 * The programs `deno run` of the CLI may start: the browser openers of every OS
 * (src/system/browser.ts), by name, as one list, because deno.json's task is one string for
 * every OS. So Linux allows `open` too, which there may be openvt (kbd): harmless, as the CLI
 * starts programs only in browser.ts, which starts `open` on macOS alone; and `rundll32`
 * exists only on Windows. A name Deno cannot find on PATH at start-up costs an "Info Failed
 * to resolve" line, which -q silences ({@link cliPermissionFlags}); it does not fail the run.
 */
export const OPENER_PROGRAMS: readonly string[] = (["linux", "darwin", "windows"] as const).map(
  openerProgram,
);

/**
 * Permission flags for running the CLI. File access is not scoped to
 * `$HOME/.torale`: `torale plan/apply -f F` and `torale export --file F` use
 * files the user names.
 */
export function cliPermissionFlags(addonDir = "./node_modules"): string[] {
  return [
    // Deno's own diagnostics off: "Download …" lines, and the note it prints at every start
    // for an allowed opener that is not installed (a server without xdg-open).
    "-q",
    "--no-prompt",
    // Unscoped: the API URL is the user's choice, and `torale local-api` and `webhook listen`
    // listen on a port the user names (any host with --host).
    "--allow-net",
    `--allow-env=${CLI_ENV_VARS.join(",")}`,
    // The monitors file of plan/apply (-f) and of export --file can be anywhere the user
    // names; the config directory is part of that, and so is the local API's SQLite database
    // (`torale local-api --db`, by default ~/.torale/local-api/torale.db, with its -wal/-shm).
    "--allow-read",
    "--allow-write",
    // Loading the OS credential store's Node-API addon (@napi-rs/keyring) is a
    // dlopen, which Deno grants only with --allow-ffi: scoped to node_modules,
    // where `deno install` puts it. Native code runs outside Deno's sandbox.
    `--allow-ffi=${addonDir}`,
    // Only the browser opener, for `connectors connect` at a terminal; no shell, nothing else.
    `--allow-run=${OPENER_PROGRAMS.join(",")}`,
  ];
}

/**
 * Flags of `deno install --global`: as {@link cliPermissionFlags}, with
 * --allow-ffi unscoped, as the addon sits in Deno's npm cache, whose place
 * (DENO_DIR) is the installing user's.
 */
export function installPermissionFlags(): string[] {
  return cliPermissionFlags().map((flag) => flag.startsWith("--allow-ffi") ? "--allow-ffi" : flag);
}

/**
 * The one program a binary for `os` may start: its browser opener. By path on Linux and
 * macOS: a name Deno cannot find at start-up makes a binary print an "Info Failed to resolve"
 * line at every run (a server without xdg-open), and -q, which would silence it, also hides
 * what `deno compile` embeds. A path is not looked up at start-up. macOS's open is always
 * /usr/bin/open; an xdg-open elsewhere (NixOS), or found first elsewhere on PATH, is refused
 * like a missing one: the URL is printed for the user to open. Windows' rundll32 is always on PATH, so its name is safe.
 */
export const BINARY_OPENERS: Readonly<Record<Os, string>> = {
  linux: `/usr/bin/${openerProgram("linux")}`,
  darwin: `/usr/bin/${openerProgram("darwin")}`,
  windows: openerProgram("windows"),
};

/**
 * Permission flags baked into a compiled binary for `os`. The same as
 * {@link cliPermissionFlags} except that file access cannot be scoped to
 * `$HOME/.torale`: a compiled binary's flags are fixed on the build machine,
 * where the user's home directory is unknown; and only that OS's opener may start.
 */
export function binaryPermissionFlags(os: Os): string[] {
  return [
    "--no-prompt",
    "--allow-net",
    `--allow-env=${CLI_ENV_VARS.join(",")}`,
    "--allow-read",
    "--allow-write",
    // The addon is unpacked from the binary to a place known only at run time.
    "--allow-ffi",
    `--allow-run=${BINARY_OPENERS[os]}`,
  ];
}
