/**
 * The OS credential store through `@napi-rs/keyring` (keyring-rs, a Node-API
 * addon): macOS Keychain, Windows Credential Manager, the Secret Service on
 * Linux. Loaded only when a key is read or written, never at start-up.
 *
 * The platform's binding is required directly instead of through the
 * package's index.js: that loader reads NAPI_RS_* variables, /usr/bin/ldd,
 * `process.report` (sys access) and may run `ldd --version`, which would
 * widen the CLI's permissions well beyond the one it needs to load a native
 * library (`--allow-ffi`). On Linux the entry is pinned to the Secret
 * Service: keyring-rs would otherwise fall back to the kernel keyring, which
 * forgets the key at logout or reboot.
 */
import type { SecretStore } from "../deps.ts";

/** The service name every key is saved under; the account is the profile name. */
export const SERVICE = "torale-cli";
/**
 * Set only by the test suites (the release workflow runs them against the macOS Keychain and
 * the Windows Credential Manager of its runners): the keys go under the test's own service.
 */
export const TEST_SERVICE_VAR = "TORALE_TEST_KEYCHAIN_SERVICE";
/** A test's service name starts with this, so it can never name a user's entries. */
export const TEST_SERVICE_PREFIX = "torale-cli-test-";
/** How long one call to the store may take before the store counts as unavailable. */
const CALL_TIMEOUT_MS = 10_000;

/** The npm package holding the binding for this OS and CPU, or undefined where none is published. */
export function bindingPackage(os = Deno.build.os, arch = Deno.build.arch): string | undefined {
  const cpu = arch === "x86_64" ? "x64" : arch === "aarch64" ? "arm64" : undefined;
  if (!cpu) return undefined;
  if (os === "linux") return `@napi-rs/keyring-linux-${cpu}-gnu`;
  if (os === "darwin") return `@napi-rs/keyring-darwin-${cpu}`;
  if (os === "windows") return `@napi-rs/keyring-win32-${cpu}-msvc`;
  return undefined;
}

/** The store's name for people, on this OS. */
export function storeName(os = Deno.build.os): string {
  if (os === "darwin") return "macOS Keychain";
  if (os === "windows") return "Windows Credential Manager";
  return "Secret Service";
}

interface AsyncEntry {
  getPassword(signal?: AbortSignal): Promise<string | null>;
  setPassword(password: string, signal?: AbortSignal): Promise<void>;
  deletePassword(signal?: AbortSignal): Promise<boolean>;
}
interface Binding {
  AsyncEntry: new (service: string, user: string, options?: unknown) => AsyncEntry;
}

/** The first line of an error's message, without anything shaped like a key. */
function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0].replace(/sk_[A-Za-z0-9_-]+/g, "sk_...");
}

/** Why the store cannot be reached, in a user's words rather than D-Bus's. */
export function storeProblem(text: string): string {
  if (/autolaunch|DBUS_SESSION_BUS_ADDRESS|dbus-launch/i.test(text)) {
    return "no D-Bus session (usual on servers, containers and CI runners)";
  }
  if (/org\.freedesktop\.secrets|ServiceUnknown|was not provided by any \.service/i.test(text)) {
    return "no Secret Service (gnome-keyring, KeePassXC…) is running";
  }
  return text;
}

async function loadBinding(): Promise<Binding> {
  const name = bindingPackage();
  if (!name) throw new Error(`no credential store binding for ${Deno.build.os} ${Deno.build.arch}`);
  const { createRequire } = await import("node:module");
  // Resolved next to @napi-rs/keyring, whose optional dependency it is.
  const require = createRequire(import.meta.resolve("@napi-rs/keyring"));
  return require(name) as Binding;
}

/**
 * The service to save keys under: {@link SERVICE}, or a test's own from
 * {@link TEST_SERVICE_VAR}. Any other value of that variable is refused (the store is then
 * unavailable) rather than used or ignored: a test must never reach a real user's entries.
 */
export function serviceName(value: string | undefined): string | { unavailable: string } {
  if (value === undefined || value === "") return SERVICE;
  if (new RegExp(`^${TEST_SERVICE_PREFIX}[A-Za-z0-9-]{1,64}$`).test(value)) return value;
  return { unavailable: `${TEST_SERVICE_VAR} must start with "${TEST_SERVICE_PREFIX}"` };
}

/** Opens the store: the store, or why it cannot be used here. */
export async function openKeychain(
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): Promise<SecretStore | { unavailable: string }> {
  const service = serviceName(env(TEST_SERVICE_VAR));
  if (typeof service !== "string") return service;
  let binding: Binding;
  try {
    binding = await loadBinding();
  } catch (error) {
    return { unavailable: `its library could not be loaded (${reason(error)})` };
  }
  const options = { linux: { store: "secret-service" } };
  const entry = (account: string) => new binding.AsyncEntry(service, account, options);
  try {
    // Constructing an entry connects to the store: this is where a missing D-Bus shows.
    entry("default");
  } catch (error) {
    return { unavailable: storeProblem(reason(error)) };
  }
  const call = async <T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    try {
      return await work(AbortSignal.timeout(CALL_TIMEOUT_MS));
    } catch (error) {
      throw new Error(reason(error));
    }
  };
  return {
    name: storeName(),
    get: (account) =>
      call(async (signal) => (await entry(account).getPassword(signal)) ?? undefined),
    set: (account, secret) => call((signal) => entry(account).setPassword(secret, signal)),
    delete: (account) => call((signal) => entry(account).deletePassword(signal)),
  };
}
