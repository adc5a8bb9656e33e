/** `torale auth status` and NOAUTH mode against a real local API over HTTP, in-process. */
import assert from "node:assert/strict";
import { maskKey } from "../../src/output/mask.ts";
import { startTestApi } from "../helpers/api.ts";
import { runInProcess, runWithKey, tempHome } from "../helpers/cli.ts";
import { configPath, writeConfig } from "../helpers/config_file.ts";
import { dedent } from "../helpers/dedent.ts";

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
  const result = await runWithKey(t, ["auth", "status"], { home });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stdout,
    dedent`
      ✓ Authenticated as user@example.com
      API Key: ${maskKey(t.key)}
      Key source: TORALE_API_KEY
      Profile: default
      API URL: ${t.url} (from TORALE_API_URL)
      API generation: classic
    `,
  );
});

Deno.test("auth status names --api-key and the config path as sources", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  await writeConfig(home, { api_key: t.key, api_url: t.url });
  const fromFile = await runInProcess(["auth", "status"], { home, secrets: [t.key] });
  assert.match(fromFile.stdout, new RegExp(`Key source: ${configPath(home)}`));
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
  const result = await runWithKey(t, ["auth", "status", "--json"], { home });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), {
    authenticated: true,
    email: "user@example.com",
    key_source: "TORALE_API_KEY",
    key: maskKey(t.key),
    api_url: t.url,
    api_url_source: "TORALE_API_URL",
    generation: "classic",
    noauth: false,
    profile: "default",
    key_stored_in: null,
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
  assert.match(result.stdout, /^API generation: classic$/m);
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

Deno.test("NOAUTH against a server that wants a key: auth status and task commands say the same thing", async (t) => {
  await using api = await startTestApi();
  const env = { TORALE_NOAUTH: "1", TORALE_API_URL: api.url };
  for (const args of [["auth", "status"], ["task", "list"]]) {
    await t.step(args.join(" "), async () => {
      const result = await runInProcess(args, { home: await tempHome(), env });
      assert.equal(result.code, 4);
      assert.match(
        result.stderr,
        /^Error: TORALE_NOAUTH=1 is set, but the API at http:\/\/127\.0\.0\.1:\d+ wants a key\n/,
      );
      assert.doesNotMatch(result.stdout + result.stderr, /reachable|only covers task commands/);
    });
  }
});

Deno.test("a saved key is not sent to another API silently; status says where the URL came from", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const set = await runInProcess(["auth", "set-api-key", "--key", t.key, "--api-url", t.url], {
    home,
    secrets: [t.key],
  });
  assert.equal(set.code, 0, set.stderr);
  const other = "http://127.0.0.1:9";
  const moved = await runInProcess(["task", "list"], {
    home,
    env: { TORALE_API_URL: other },
    secrets: [t.key],
  });
  assert.match(
    moved.stderr,
    new RegExp(
      `^Warning: The saved key of profile "default" is for ${t.url} but goes to ${other} \\(from TORALE_API_URL\\)`,
    ),
  );
  const status = await runInProcess(["auth", "status", "--json"], { home, secrets: [t.key] });
  assert.equal(status.code, 0, status.stderr);
  assert.equal(status.stderr, "");
  const report = JSON.parse(status.stdout);
  assert.equal(report.api_url, t.url);
  assert.equal(report.api_url_source, configPath(home));
  const human = await runInProcess(["auth", "status"], { home, secrets: [t.key] });
  assert.match(human.stdout, new RegExp(`^API URL: ${t.url} \\(from ${configPath(home)}\\)$`, "m"));
});
