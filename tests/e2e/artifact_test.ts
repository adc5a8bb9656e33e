/**
 * What only a built artifact can get wrong: the packages that commands load
 * by name when they need them (yaml, croner, cronstrue, jq-wasm) must load from the
 * real entry point. Runs against main.ts, and against the release bundle
 * (tests/e2e/bundle_test.ts) or a binary (TORALE_BIN) when those are set.
 */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runSubprocess, tempHome } from "../helpers/cli.ts";

Deno.test("lazily loaded packages load: croner, cronstrue, yaml and jq-wasm", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const env = { TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
  const secrets = [t.key];

  // croner validates the schedule: its own reason reaches the user.
  const bad = await runSubprocess(
    ["task", "create", "-q", "Rust 2.0", "-c", "Released", "-s", "61 * * * *"],
    { home, env, secrets },
  );
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(
    bad.stderr,
    /^Error: Invalid cron expression "61 \* \* \* \*": Invalid value for minute: 61\n/,
  );

  // cronstrue puts the schedule in words.
  const created = await runSubprocess(
    ["task", "create", "-q", "Rust 2.0", "-c", "Released", "-s", "0 9 * * 1-5", "--json"],
    { home, env, secrets },
  );
  assert.equal(created.code, 0, created.stderr);
  const { id } = JSON.parse(created.stdout);
  const shown = await runSubprocess(["task", "get", id], { home, env, secrets });
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /Schedule: +0 9 \* \* 1-5 UTC \(At 09:00 AM, Monday through Friday\)/);

  // yaml renders --yaml.
  const yaml = await runSubprocess(["task", "get", id, "--yaml"], { home, env, secrets });
  assert.equal(yaml.code, 0, yaml.stderr);
  assert.match(yaml.stdout, new RegExp(`^id: ${id}$`, "m"));
  assert.match(yaml.stdout, /^schedule: 0 9 \* \* 1-5$/m);

  // jq-wasm filters --jq; jq's $ENV is the WebAssembly sandbox's, never the process's.
  const jq = await runSubprocess(
    ["task", "get", id, "--jq", '.schedule, ($ENV | has("TORALE_API_KEY"))'],
    { home, env, secrets },
  );
  assert.equal(jq.code, 0, jq.stderr);
  assert.equal(jq.stdout, "0 9 * * 1-5\nfalse\n");
});
