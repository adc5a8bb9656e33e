/**
 * The least Deno permissions the CLI needs, in one place: `deno task torale`
 * (deno.json), scripts/compile.ts and the end-to-end tests all use these.
 */
import { NO_PROXY_VARS, PROXY_VARS } from "../src/commands/doctor/proxy.ts";

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
  // Read by `torale doctor` to report them; Deno's HTTP client reads them itself.
  ...PROXY_VARS,
  ...NO_PROXY_VARS,
];

/**
 * Permission flags for running the CLI. File access is not scoped to
 * `$HOME/.torale`: `torale plan/apply -f F` and `torale export --file F` use
 * files the user names.
 */
export function cliPermissionFlags(addonDir = "./node_modules"): string[] {
  return [
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
 * Permission flags baked into compiled binaries. The same as
 * {@link cliPermissionFlags} except that file access cannot be scoped to
 * `$HOME/.torale`: a compiled binary's flags are fixed on the build machine,
 * where the user's home directory is unknown.
 */
export function binaryPermissionFlags(): string[] {
  return [
    "--no-prompt",
    "--allow-net",
    `--allow-env=${CLI_ENV_VARS.join(",")}`,
    "--allow-read",
    "--allow-write",
    // The addon is unpacked from the binary to a place known only at run time.
    "--allow-ffi",
  ];
}
