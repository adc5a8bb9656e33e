/** The auth command tree against a real local API over HTTP, run in-process. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { maskKey } from "../../src/output/mask.ts";
import { startTestApi } from "../helpers/api.ts";
import { runInProcess, tempHome } from "../helpers/cli.ts";
import { refusedUrl } from "../helpers/net.ts";

async function readConfig(home: string) {
  return JSON.parse(await Deno.readTextFile(join(home, ".torale", "config.json")));
}

async function writeConfig(home: string, value: unknown) {
  await Deno.mkdir(join(home, ".torale"), { recursive: true, mode: 0o700 });
  await Deno.writeTextFile(join(home, ".torale", "config.json"), JSON.stringify(value), {
    mode: 0o600,
  });
}

Deno.test("set-api-key --key checks the key, saves it 0600 and keeps other settings", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  await writeConfig(home, { output_format: "table", extra: { keep: true } });
  const result = await runInProcess(["auth", "set-api-key", "--key", t.key], {
    home,
    env: { TORALE_API_URL: t.url },
    secrets: [t.key],
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stdout,
    `✓ API key saved to ${
      join(home, ".torale", "config.json")
    }\nAuthenticated as user@example.com\n`,
  );
  assert.deepEqual(await readConfig(home), {
    output_format: "table",
    extra: { keep: true },
    api_key: t.key,
  });
  if (Deno.build.os !== "windows") {
    assert.equal((await Deno.stat(join(home, ".torale", "config.json"))).mode! & 0o777, 0o600);
  }
});

Deno.test("set-api-key reads the first line of stdin and trims it", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const result = await runInProcess(["auth", "set-api-key"], {
    home,
    env: { TORALE_API_URL: t.url },
    stdin: `  ${t.key}  \nsecond line\n`,
    secrets: [t.key],
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal((await readConfig(home)).api_key, t.key);
});

Deno.test("set-api-key prompts for the key when stdin is a terminal", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const asked: string[] = [];
  const result = await runInProcess(["auth", "set-api-key"], {
    home,
    env: { TORALE_API_URL: t.url },
    stdinIsTerminal: true,
    prompt: {
      password: (message) => {
        asked.push(message);
        return Promise.resolve(t.key);
      },
    },
    secrets: [t.key],
  });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(asked, ["Paste your API key:"]);
  assert.equal((await readConfig(home)).api_key, t.key);
});

Deno.test("set-api-key exits 130 when the prompt is interrupted", async () => {
  const home = await tempHome();
  const { InterruptedError } = await import("../../src/errors.ts");
  const result = await runInProcess(["auth", "set-api-key"], {
    home,
    stdinIsTerminal: true,
    prompt: { password: () => Promise.reject(new InterruptedError()) },
  });
  assert.equal(result.code, 130);
  assert.equal(result.stderr, "Error: Interrupted\n");
});

Deno.test("set-api-key rejects a malformed key with exit 2 and never echoes it", async () => {
  const home = await tempHome();
  const bad = "sk_short_" + "x".repeat(10);
  const result = await runInProcess(["auth", "set-api-key", "--key", bad], {
    home,
    secrets: [bad],
  });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^Error: Invalid API key format\n/);
  assert.match(result.stderr, /sk_ followed by at least 32/);
  await assert.rejects(() => readConfig(home), Deno.errors.NotFound);
});

Deno.test("set-api-key with no key on stdin says how to provide one", async () => {
  const home = await tempHome();
  const result = await runInProcess(["auth", "set-api-key"], { home, stdin: "" });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^Error: No API key provided\n/);
});

Deno.test("set-api-key does not save a key the API rejects", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const unknown = "sk_" + "Z".repeat(43);
  const result = await runInProcess(["auth", "set-api-key", "--key", unknown], {
    home,
    env: { TORALE_API_URL: t.url },
    secrets: [unknown],
  });
  assert.equal(result.code, 4);
  assert.match(result.stderr, /^Error: Invalid API key\n/);
  await assert.rejects(() => readConfig(home), Deno.errors.NotFound);
});

Deno.test("set-api-key does not save when the API is unreachable, and suggests --no-verify", async () => {
  const home = await tempHome();
  const key = "sk_" + "Q".repeat(43);
  const url = refusedUrl();
  const result = await runInProcess(["auth", "set-api-key", "--key", key], {
    home,
    env: { TORALE_API_URL: url },
    secrets: [key],
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^Error: Connection refused; the key was not saved\n/);
  assert.match(result.stderr, /--no-verify/);
  await assert.rejects(() => readConfig(home), Deno.errors.NotFound);

  const saved = await runInProcess(["auth", "set-api-key", "--key", key, "--no-verify"], {
    home,
    env: { TORALE_API_URL: url },
    secrets: [key],
  });
  assert.equal(saved.code, 0, saved.stderr);
  assert.equal((await readConfig(home)).api_key, key);
});

Deno.test("set-api-key --api-url saves the URL too, and warns when TORALE_API_KEY still wins", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const envKey = "sk_" + "E".repeat(43);
  const result = await runInProcess(["auth", "set-api-key", "--key", t.key, "--api-url", t.url], {
    home,
    env: { TORALE_API_KEY: envKey },
    secrets: [t.key, envKey],
  });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(await readConfig(home), { api_key: t.key, api_url: t.url });
  assert.match(result.stderr, /TORALE_API_KEY is set and still takes priority/);
});

Deno.test("auth status with no key says so and exits 4", async () => {
  const home = await tempHome();
  const result = await runInProcess(["auth", "status"], { home });
  assert.equal(result.code, 4);
  assert.equal(result.stdout, "Not authenticated\n");
  assert.match(result.stderr, /torale auth set-api-key/);
});

Deno.test("auth status shows the user, the masked key, its source and the URL", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const result = await runInProcess(["auth", "status"], {
    home,
    env: { TORALE_API_KEY: t.key, TORALE_API_URL: t.url },
    secrets: [t.key],
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stdout,
    [
      "✓ Authenticated as user@example.com",
      `API Key: ${maskKey(t.key)}`,
      "Key source: TORALE_API_KEY",
      `API URL: ${t.url}`,
      "",
    ].join("\n"),
  );
});

Deno.test("auth status names --api-key and the config path as sources", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  await writeConfig(home, { api_key: t.key, api_url: t.url });
  const fromFile = await runInProcess(["auth", "status"], { home, secrets: [t.key] });
  assert.match(fromFile.stdout, new RegExp(`Key source: ${join(home, ".torale", "config.json")}`));
  const fromFlag = await runInProcess(["auth", "status", "--api-key", t.key], {
    home,
    secrets: [t.key],
  });
  assert.match(fromFlag.stdout, /Key source: --api-key/);
});

Deno.test("auth status with a rejected key prints ✗ Invalid API key and exits 4", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const revoked = t.key;
  await t.api.createKey("user@example.com");
  const result = await runInProcess(["auth", "status"], {
    home,
    env: { TORALE_API_KEY: revoked, TORALE_API_URL: t.url },
    secrets: [revoked],
  });
  assert.equal(result.code, 4);
  assert.match(result.stdout, /^✗ Invalid API key\n/);
});

Deno.test("auth status --json has the documented fields", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const result = await runInProcess(["auth", "status", "--json"], {
    home,
    env: { TORALE_API_KEY: t.key, TORALE_API_URL: t.url },
    secrets: [t.key],
  });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), {
    authenticated: true,
    email: "user@example.com",
    key_source: "TORALE_API_KEY",
    key: maskKey(t.key),
    api_url: t.url,
    noauth: false,
  });
});

Deno.test("auth status in NOAUTH mode checks /health and exits 0", async () => {
  await using t = await startTestApi({ noauth: true });
  const home = await tempHome();
  const result = await runInProcess(["auth", "status"], {
    home,
    env: { TORALE_NOAUTH: "1", TORALE_API_URL: t.url },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Authentication is disabled \(TORALE_NOAUTH=1\)/);
  assert.match(result.stdout, /The API is reachable/);
});

Deno.test("NOAUTH against a non-loopback URL warns that it only works locally", async () => {
  const home = await tempHome();
  const result = await runInProcess(["config", "get", "api_url"], {
    home,
    env: { TORALE_NOAUTH: "1", TORALE_API_URL: "https://api.torale.ai" },
  });
  assert.equal(result.code, 0);
  assert.match(result.stderr, /TORALE_NOAUTH=1 only works with a local development API/);
});

Deno.test("auth whoami prints id, email and state as JSON, and YAML with --yaml", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const env = { TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
  const result = await runInProcess(["auth", "whoami"], { home, env, secrets: [t.key] });
  assert.equal(result.code, 0, result.stderr);
  const user = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(user), ["id", "email", "state"]);
  assert.equal(user.email, "user@example.com");
  assert.equal(user.state, "active");
  const yaml = await runInProcess(["auth", "whoami", "--yaml"], { home, env, secrets: [t.key] });
  assert.equal(yaml.stdout, `id: ${user.id}\nemail: user@example.com\nstate: active\n`);
});

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

Deno.test("auth keys: create refuses a second active key, list shows them, revoke needs --yes off a terminal", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const env = { TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
  const second = await runInProcess(["auth", "keys", "create", "CI key"], {
    home,
    env,
    secrets: [t.key],
  });
  assert.equal(second.code, 1);
  assert.match(second.stderr, /^Error: You already have an active API key/);

  const listed = await runInProcess(["auth", "keys", "list", "--json"], {
    home,
    env,
    secrets: [t.key],
  });
  const keys = JSON.parse(listed.stdout);
  assert.equal(keys.length, 1);
  assert.equal(keys[0].key_prefix, t.key.slice(0, 15) + "...");
  assert.equal(keys[0].is_active, true);

  const refused = await runInProcess(["auth", "keys", "revoke", keys[0].id], {
    home,
    env,
    secrets: [t.key],
  });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--yes/);

  const revoked = await runInProcess(["auth", "keys", "revoke", keys[0].id, "--yes"], {
    home,
    env,
    secrets: [t.key],
  });
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.match(revoked.stdout, /Revoked API key/);

  const after = await runInProcess(["auth", "keys", "list"], { home, env, secrets: [t.key] });
  assert.equal(after.code, 4, "the revoked key no longer authenticates");
});

Deno.test("auth keys revoke: a malformed id never reaches the API, an unknown one is not found", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const env = { TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
  const malformed = await runInProcess(["auth", "keys", "revoke", "nope", "--yes"], {
    home,
    env,
    secrets: [t.key],
  });
  assert.equal(malformed.code, 2);
  assert.equal(
    malformed.stderr,
    'Error: Invalid key id "nope": expected the key\'s id, a UUID\n' +
      "List your keys and their ids with: torale auth keys list\n",
  );
  const unknown = "00000000-0000-4000-8000-000000000000";
  const missing = await runInProcess(["auth", "keys", "revoke", unknown, "--yes"], {
    home,
    env,
    secrets: [t.key],
  });
  assert.equal(missing.code, 1, missing.stderr);
  assert.match(missing.stderr, new RegExp(`^Error: API key not found: ${unknown}\n`));
  assert.match(missing.stderr, /torale auth keys list/);
});

Deno.test("auth keys create shows the new key once on stdout, with a warning on stderr", async () => {
  // In NOAUTH mode the local API acts as a test user that has no key yet.
  await using t = await startTestApi({ noauth: true });
  const home = await tempHome();
  const env = { TORALE_NOAUTH: "1", TORALE_API_URL: t.url };
  const result = await runInProcess(["auth", "keys", "create", "CI key"], { home, env });
  assert.equal(result.code, 0, result.stderr);
  const key = result.stdout.trim();
  assert.match(key, /^sk_[A-Za-z0-9_-]{43}$/);
  assert.match(result.stderr, /Store this key now: it is shown only once/);
  assert(!result.stderr.includes(key));
  const listed = JSON.parse(
    (await runInProcess(["auth", "keys", "list", "--json"], { home, env })).stdout,
  );
  assert.deepEqual(listed.map((k: { name: string }) => k.name), ["CI key"]);
  assert.equal(listed[0].key_prefix, key.slice(0, 15) + "...");
});
