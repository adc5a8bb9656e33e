/**
 * The environment of a child deno (or npm) started with `clearEnv`: only what it is given,
 * plus this machine's network settings. Without its CA bundle and proxies a child on a
 * machine behind a TLS-inspecting proxy cannot reach the npm registry, and `deno install` or a
 * first `deno run` fails for reasons that have nothing to do with the test.
 */
import { denoDir } from "./deno_dir.ts";

/** Where certificates and proxies are set, in the forms Deno, Node and npm read. */
export const NETWORK_VARS = [
  "DENO_CERT",
  "DENO_TLS_CA_STORE",
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "NPM_CONFIG_REGISTRY",
  "npm_config_registry",
  ...["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"].flatMap((name) => [
    name,
    name.toLowerCase(),
  ]),
];

/**
 * On Windows, what every process expects: without SystemRoot a child cannot open a socket or
 * load the system's certificate store, without TEMP it writes temporary files in odd places.
 */
export const WINDOWS_VARS = ["SystemRoot", "windir", "TEMP", "TMP"];

/** This process's values of {@link WINDOWS_VARS} on Windows; nothing elsewhere. */
export function windowsEnv(os: string = Deno.build.os): Record<string, string> {
  if (os !== "windows") return {};
  return Object.fromEntries(
    WINDOWS_VARS.flatMap((name) => {
      const value = Deno.env.get(name);
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

/** This process's network settings, those that are set. */
export function networkEnv(): Record<string, string> {
  return Object.fromEntries(
    NETWORK_VARS.flatMap((name) => {
      const value = Deno.env.get(name);
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

/**
 * A cleaned environment: the network settings, PATH, this machine's Deno cache (DENO_DIR),
 * then `env`, which wins over all of them.
 */
export async function cleanEnv(env: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    ...networkEnv(),
    PATH: Deno.env.get("PATH") ?? "",
    DENO_DIR: await denoDir(),
    ...windowsEnv(),
    ...env,
  };
}
