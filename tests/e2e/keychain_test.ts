/**
 * The OS credential store for real: a private D-Bus session with Debian's
 * gnome-keyring as its Secret Service, and the CLI run as a user runs it
 * (`deno run main.ts` with the least-privilege flags, so the addon is loaded
 * through --allow-ffi). Ignored where dbus-daemon or gnome-keyring-daemon is
 * missing (.ci/run installs them); the fallback without any store is tested
 * wherever this runs. The release workflow sets TORALE_TEST_OS_KEYCHAIN=1 and
 * TORALE_BIN on each runner: there the same round trip runs the binary against
 * the macOS Keychain or the Windows Credential Manager, under a service name of
 * the test's own (TORALE_TEST_KEYCHAIN_SERVICE), never the user's "torale-cli".
 */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runSubprocess, tempHome } from "../helpers/cli.ts";
import { configPath, readConfig } from "../helpers/config_file.ts";
import { secretServiceAvailable, startSecretService } from "../../scripts/secret_service.ts";
import { storeName, TEST_SERVICE_PREFIX } from "../../src/system/keychain.ts";

/** Set by the release workflow on every runner: the OS's own credential store is there to use. */
const OS_STORE = Deno.env.get("TORALE_TEST_OS_KEYCHAIN") === "1";

/** A service name of this test's own: a real user's entries (service "torale-cli") are never read. */
function testService(): string {
  return `${TEST_SERVICE_PREFIX}${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * Set, read, move to the file and back, log out: through the CLI as a subprocess (or the
 * TORALE_BIN binary), the key in `store` and never in the file nor in any output.
 */
async function storeRoundTrip(store: string, extraEnv: Record<string, string>) {
  await using t = await startTestApi();
  const home = await tempHome();
  const env = { TORALE_API_URL: t.url, ...extraEnv };
  const secrets = [t.key];
  const torale = (args: string[], stdin?: string) =>
    runSubprocess(args, { home, env, secrets, stdin });
  try {
    const set = await torale(["auth", "set-api-key"], t.key + "\n");
    assert.equal(set.code, 0, set.stderr);
    assert(set.stdout.startsWith(`✓ API key saved to ${store}\n`), set.stdout);
    assert.equal(set.stderr, "", "no fallback notice when the store works");
    const text = await Deno.readTextFile(configPath(home));
    assert(!text.includes(t.key), "the key is not in the config file");
    // The file holds the reference and the URL the key was checked against, never the key.
    assert.deepEqual(JSON.parse(text), { api_key_store: "keychain", api_url: t.url });

    const status = await torale(["auth", "status"]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`^Key source: ${store} \\(profile default\\)$`, "m"));
    const list = await torale(["task", "list"]);
    assert.equal(list.code, 0, list.stderr);
    const config = await torale(["config"]);
    assert(config.stdout.includes(`key_stored_in\t${store}`), config.stdout);

    // auth token: the one output with the key, on stdout only (not leak-checked for that reason).
    const token = await runSubprocess(["auth", "token"], { home, env });
    assert.equal(token.code, 0, token.stderr);
    assert.equal(token.stdout, `${t.key}\n`);
    assert.equal(token.stderr, "");

    // To the file and back; then logout removes it from the store.
    const toFile = await torale(["auth", "move-key", "file"]);
    assert.equal(toFile.code, 0, toFile.stderr);
    assert.equal((await readConfig(home)).api_key, t.key);
    const toStore = await torale(["auth", "move-key", "keychain"]);
    assert.equal(toStore.code, 0, toStore.stderr);
    assert(!(await Deno.readTextFile(configPath(home))).includes(t.key));
    const logout = await torale(["auth", "logout"]);
    assert.equal(logout.code, 0, logout.stderr);
    assert.equal(logout.stdout, `✓ Removed the API key from ${store}\n`);
    const after = await torale(["auth", "status"]);
    assert.equal(after.code, 4);
  } finally {
    // A failed run leaves nothing behind in the OS's store (the service is the test's own).
    await torale(["auth", "logout"]).catch(() => undefined);
  }
}

Deno.test({
  name: "keys in a real Secret Service: saved there, never in the file nor in any output",
  ignore: !secretServiceAvailable(),
  async fn() {
    const home = await tempHome();
    await using service = await startSecretService(home);
    await storeRoundTrip("Secret Service", {
      DBUS_SESSION_BUS_ADDRESS: service.address,
      TORALE_TEST_KEYCHAIN_SERVICE: testService(),
    });
  },
});

Deno.test({
  // The release workflow's macOS and Windows runners: the store a user there has.
  name: "keys in the OS's own store (Keychain, Credential Manager) under a test-only service",
  ignore: !OS_STORE || Deno.build.os === "linux",
  async fn() {
    await storeRoundTrip(storeName(), { TORALE_TEST_KEYCHAIN_SERVICE: testService() });
  },
});

Deno.test("a test service name that could reach a user's entries is refused, not used", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  for (const name of ["torale-cli", "other-app"]) {
    const set = await runSubprocess(["auth", "set-api-key"], {
      home,
      env: { TORALE_API_URL: t.url, TORALE_TEST_KEYCHAIN_SERVICE: name },
      stdin: t.key + "\n",
      secrets: [t.key],
    });
    assert.equal(set.code, 0, set.stderr);
    // The store is unavailable: the key lands in the 0600 file and the reason is said.
    assert.match(set.stderr, /TORALE_TEST_KEYCHAIN_SERVICE must start with "torale-cli-test-"/);
    assert.equal((await readConfig(home)).api_key, t.key);
  }
});

Deno.test("without any credential store the key falls back to the 0600 file, said once", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  // No DBUS_SESSION_BUS_ADDRESS: runSubprocess starts the CLI with a clean environment.
  const set = await runSubprocess(["auth", "set-api-key"], {
    home,
    env: { TORALE_API_URL: t.url },
    stdin: t.key + "\n",
    secrets: [t.key],
  });
  assert.equal(set.code, 0, set.stderr);
  assert.equal(set.stderr.match(/saved to the 0600 file instead/g)?.length, 1, set.stderr);
  assert.match(set.stdout, /✓ API key saved to .*config\.json\n/);
  assert.equal((await readConfig(home)).api_key, t.key);
  if (Deno.build.os !== "windows") {
    assert.equal((await Deno.stat(configPath(home))).mode! & 0o777, 0o600);
  }
});
