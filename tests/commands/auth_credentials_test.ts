/**
 * Where keys live when things go wrong: logout --all without a store, two saves of one
 * profile at once, a store that lost its entry. An in-memory store stands in for the OS one.
 */
import assert from "node:assert/strict";
import { runInProcess, tempHome } from "../helpers/cli.ts";
import { readConfig, writeConfig } from "../helpers/config_file.ts";
import { memoryStore } from "../helpers/memory_store.ts";

const key = (c: string) => "sk_" + c.repeat(43);

Deno.test("auth logout --all without a store removes every file key, then names what is left (exit 1)", async () => {
  const home = await tempHome();
  const store = memoryStore({ unavailable: true });
  await writeConfig(home, {
    api_key_store: "keychain",
    profiles: {
      work: { api_key: key("w"), api_url: "http://localhost:8000" },
      home: { api_key_store: "keychain" },
      play: { api_key: key("p") },
    },
  });
  const out = await runInProcess(["auth", "logout", "--all"], {
    home,
    keychain: store.keychain,
    secrets: [key("w"), key("p")],
  });
  assert.equal(out.code, 1, out.stderr);
  assert.match(out.stdout, /Removed the API key \(profile work, play\) from /);
  assert.match(out.stderr, /^Error: The keys of 2 profiles could not be removed$/m);
  assert.match(out.stderr, /profile default: The key of profile "default" is still in the OS/);
  assert.match(out.stderr, /profile home: The key of profile "home" is still in the OS/);
  const left = await readConfig(home);
  assert.deepEqual(left, {
    api_key_store: "keychain",
    profiles: {
      work: { api_url: "http://localhost:8000" },
      home: { api_key_store: "keychain" },
      play: {},
    },
  });
});

Deno.test("two saves of one profile at once, one to the store and one to the file, leave no orphan key", async () => {
  for (let round = 0; round < 15; round++) {
    const home = await tempHome();
    const store = memoryStore({}, { delayMs: 5 });
    const opts = { home, keychain: store.keychain, secrets: [key("a"), key("b")] };
    const [toStore, toFile] = await Promise.all([
      runInProcess(["auth", "set-api-key", "--key", key("a"), "--no-verify"], opts),
      // The file save starts a little later each round, to land before, during and after
      // the store save.
      new Promise((started) => setTimeout(started, (round % 5) * 4)).then(() =>
        runInProcess(
          ["auth", "set-api-key", "--key", key("b"), "--no-verify", "--insecure-storage"],
          opts,
        )
      ),
    ]);
    assert.equal(toStore.code, 0, toStore.stderr);
    assert.equal(toFile.code, 0, toFile.stderr);
    const config = await readConfig(home);
    if (config.api_key_store === "keychain") {
      assert.equal(store.secrets.get("default"), key("a"), `round ${round}`);
      assert.equal(config.api_key, undefined);
    } else {
      assert.equal(config.api_key, key("b"), `round ${round}`);
      assert.equal(store.secrets.has("default"), false, `round ${round}: orphan key in the store`);
    }
    const out = await runInProcess(["auth", "logout"], opts);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /Removed the API key from /);
    assert.equal(store.secrets.size, 0);
  }
});

Deno.test("a store that has no entry for a profile is reported as such by logout, not as no key", async () => {
  const home = await tempHome();
  const store = memoryStore();
  await writeConfig(home, { api_key_store: "keychain", team: "kept" });
  const out = await runInProcess(["auth", "logout"], { home, keychain: store.keychain });
  assert.equal(out.code, 0, out.stderr);
  assert.equal(out.stdout, "");
  assert.match(
    out.stderr,
    /Warning: Test Keychain had no key for profile "default" \(reset, or removed outside torale\)/,
  );
  assert.deepEqual(await readConfig(home), { team: "kept" });
});
