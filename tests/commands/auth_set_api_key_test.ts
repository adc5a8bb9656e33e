/** `torale auth set-api-key` against a real local API over HTTP, in-process. */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runInProcess, tempHome } from "../helpers/cli.ts";
import { configPath, readConfig, writeConfig } from "../helpers/config_file.ts";
import { dedent } from "../helpers/dedent.ts";
import { refusedUrl } from "../helpers/net.ts";

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
    dedent`
      ✓ API key saved to ${configPath(home)}
      Authenticated as user@example.com
      API URL: ${t.url}
    `,
  );
  // The URL the key was checked against (TORALE_API_URL here) is saved with it.
  assert.deepEqual(await readConfig(home), {
    output_format: "table",
    extra: { keep: true },
    api_key: t.key,
    api_url: t.url,
  });
  if (Deno.build.os !== "windows") {
    assert.equal((await Deno.stat(configPath(home))).mode! & 0o777, 0o600);
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
  assert.equal(
    result.stderr,
    "Get a key at https://torale.ai → Settings → API Keys.\nError: Interrupted\n",
  );
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
