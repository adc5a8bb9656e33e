/**
 * Keys in the OS credential store, with an in-memory store standing in for
 * it (tests/e2e/keychain_test.ts uses a real Secret Service): the file holds
 * only a reference, status/config say where the key lives, and moving a key
 * loses nothing when the store fails half-way.
 */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runInProcess, tempHome } from "../helpers/cli.ts";
import { configPath, readConfig, writeConfig } from "../helpers/config_file.ts";
import { memoryStore } from "../helpers/memory_store.ts";

Deno.test("with a store, the key goes there and the file holds only a reference", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const { secrets, keychain } = memoryStore();
  const env = { TORALE_API_URL: t.url };
  const opts = { home, env, keychain, secrets: [t.key] };
  const set = await runInProcess(["auth", "set-api-key", "--key", t.key], opts);
  assert.equal(set.code, 0, set.stderr);
  assert.match(set.stdout, /API key saved to Test Keychain\n/);
  assert.equal(set.stderr, "");
  assert.equal(secrets.get("default"), t.key);
  const text = await Deno.readTextFile(configPath(home));
  assert(!text.includes(t.key), "the key is not in the config file");
  assert.deepEqual(JSON.parse(text), { api_key_store: "keychain", api_url: t.url });

  const status = await runInProcess(["auth", "status"], opts);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /^Key source: Test Keychain \(profile default\)$/m);
  assert.match(status.stdout, /^Saved key stored in: Test Keychain$/m);
  const config = await runInProcess(["config", "--json"], opts);
  const rows = JSON.parse(config.stdout);
  assert.equal(rows.key_stored_in.value, "Test Keychain");
  assert.equal(rows.api_key.source, "Test Keychain (profile default)");
  const token = await runInProcess(["auth", "token"], { home, env, keychain });
  assert.equal(token.stdout, `${t.key}\n`);

  // Without the store, the key cannot be read: said on stderr, exit 4 (no key).
  const gone = await runInProcess(["task", "list"], { home, env, secrets: [t.key] });
  assert.equal(gone.code, 4);
  assert.match(gone.stderr, /in the OS credential store, which cannot be used/);

  const out = await runInProcess(["auth", "logout"], opts);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(secrets.size, 0);
  assert.deepEqual(await readConfig(home), { api_url: t.url });
});

Deno.test("--insecure-storage forces the file; a store that fails on write falls back to it", async () => {
  await using t = await startTestApi();
  for (const [args, fail] of [[["--insecure-storage"], {}], [[], { set: true }]] as const) {
    const home = await tempHome();
    const { secrets, keychain } = memoryStore(fail);
    const set = await runInProcess(["auth", "set-api-key", "--key", t.key, ...args], {
      home,
      env: { TORALE_API_URL: t.url },
      keychain,
      secrets: [t.key],
    });
    assert.equal(set.code, 0, set.stderr);
    assert.equal((await readConfig(home)).api_key, t.key);
    assert.equal(secrets.size, 0);
    if (fail.set) {
      assert.equal(set.stderr.match(/could not save the key in Test Keychain/g)?.length, 1);
    } else assert.equal(set.stderr, "");
  }
});

Deno.test("move-key between file and store loses nothing, also when the store fails half-way", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const store = memoryStore();
  const opts = { home, keychain: store.keychain, secrets: [t.key] };
  await writeConfig(home, { api_key: t.key, api_url: t.url, team: "kept" });

  // The store fails while writing: nothing moves, the file keeps the key.
  store.fail.set = true;
  const failed = await runInProcess(["auth", "move-key", "keychain"], opts);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /^Error: Nothing was moved: could not save the key/);
  assert.equal((await readConfig(home)).api_key, t.key);

  store.fail.set = false;
  const moved = await runInProcess(["auth", "move-key", "keychain"], opts);
  assert.equal(moved.code, 0, moved.stderr);
  assert.deepEqual(await readConfig(home), {
    api_url: t.url,
    team: "kept",
    api_key_store: "keychain",
  });
  assert.equal(store.secrets.get("default"), t.key);

  // Back to the file, the store failing to delete its copy: the file has the key first.
  store.fail.delete = true;
  const back = await runInProcess(["auth", "move-key", "file"], opts);
  assert.equal(back.code, 0, back.stderr);
  assert.match(back.stderr, /still in Test Keychain/);
  assert.equal((await readConfig(home)).api_key, t.key);
  assert.equal((await readConfig(home)).api_key_store, undefined);
  const works = await runInProcess(["task", "list"], { ...opts, env: {} });
  assert.equal(works.code, 0, works.stderr);
});

Deno.test("config set api_key writes the file and removes the store's copy; unset removes it anywhere", async () => {
  const home = await tempHome();
  const store = memoryStore();
  const key = "sk_" + "k".repeat(43);
  store.secrets.set("default", "sk_" + "o".repeat(43));
  await writeConfig(home, { api_key_store: "keychain", team: "kept" });
  const opts = { home, keychain: store.keychain, secrets: [key, "sk_" + "o".repeat(43)] };
  const set = await runInProcess(["config", "set", "api_key", key], opts);
  assert.equal(set.code, 0, set.stderr);
  assert.deepEqual(await readConfig(home), { team: "kept", api_key: key });
  assert.equal(store.secrets.size, 0);
  const unset = await runInProcess(["config", "unset", "api_key"], opts);
  assert.equal(unset.code, 0, unset.stderr);
  assert.deepEqual(await readConfig(home), { team: "kept" });
});
