/** `torale auth logout`, in-process: only the key leaves the config file. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runInProcess, tempHome } from "../helpers/cli.ts";
import { readConfig, writeConfig } from "../helpers/config_file.ts";

Deno.test("auth logout removes only the key and notes TORALE_API_KEY", async () => {
  const home = await tempHome();
  const key = "sk_" + "L".repeat(43);
  await writeConfig(home, { api_key: key, api_url: "http://localhost:8000" });
  const result = await runInProcess(["auth", "logout"], {
    home,
    env: { TORALE_API_KEY: key },
    secrets: [key],
  });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^✓ Removed the API key from /);
  assert.match(result.stderr, /TORALE_API_KEY is still set/);
  assert.deepEqual(await readConfig(home), { api_url: "http://localhost:8000" });
  const again = await runInProcess(["auth", "logout"], { home });
  assert.match(again.stdout, /^No API key was stored in /);
});

Deno.test("auth logout also deletes the copy of the key an interrupted write left", async () => {
  const home = await tempHome();
  const key = "sk_" + "M".repeat(43);
  await writeConfig(home, { api_key: key, api_url: "http://localhost:8000" });
  const leftover = join(home, ".torale", ".config.json.0badc0de.tmp");
  await Deno.writeTextFile(leftover, JSON.stringify({ api_key: key }), { mode: 0o600 });
  const result = await runInProcess(["auth", "logout"], { home, secrets: [key] });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^✓ Removed the API key from /);
  await assert.rejects(() => Deno.stat(leftover), Deno.errors.NotFound);
  assert.deepEqual(await readConfig(home), { api_url: "http://localhost:8000" });
});

Deno.test("with no key in the config, auth logout still deletes a leftover copy", async () => {
  const home = await tempHome();
  const key = "sk_" + "N".repeat(43);
  await writeConfig(home, { timeout: 5 });
  const leftover = join(home, ".torale", ".config.json.feedf00d.tmp");
  await Deno.writeTextFile(leftover, JSON.stringify({ api_key: key }), { mode: 0o600 });
  const result = await runInProcess(["auth", "logout"], { home, secrets: [key] });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^No API key was stored in /);
  await assert.rejects(() => Deno.stat(leftover), Deno.errors.NotFound);
});

Deno.test("auth logout never says the key is removed while a file in ~/.torale holds it", async () => {
  const home = await tempHome();
  const key = "sk_" + "P".repeat(43);
  await writeConfig(home, { api_key: key });
  const backup = join(home, ".torale", "old", "config.json.bak");
  await Deno.mkdir(join(home, ".torale", "old"));
  await Deno.writeTextFile(backup, `{"api_key": "${key}"}`);
  const result = await runInProcess(["auth", "logout"], { home, secrets: [key] });
  assert.equal(result.code, 1);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, new RegExp(`^Error: An API key is still stored in ${backup}\n`));
  assert.match(result.stderr, /"api_key" was removed from .*config\.json, but that is not/);
  assert.match(result.stderr, /by hand/);
  await assert.rejects(() => readConfig(home), Deno.errors.NotFound);
  assert.equal(await Deno.readTextFile(backup), `{"api_key": "${key}"}`);
});

Deno.test("auth logout does not take the local API's database for a copy of the key", async () => {
  const home = await tempHome();
  await writeConfig(home, { api_key: "sk_" + "k".repeat(43) });
  const dir = `${home}/.torale/local-api`;
  await Deno.mkdir(dir, { recursive: true });
  // The server's own rows can look like a key; they are not the CLI's.
  await Deno.writeTextFile(`${dir}/torale.db-wal`, "sk_" + "x".repeat(40));
  const out = await runInProcess(["auth", "logout"], { home, secrets: ["sk_" + "k".repeat(43)] });
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /Removed the API key from /);
});
