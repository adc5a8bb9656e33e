/** `torale auth keys` create, list and revoke against a real local API over HTTP, in-process. */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runInProcess, runNoAuth, runWithKey, tempHome } from "../helpers/cli.ts";
import { json, stubFetch } from "../helpers/fetch_stub.ts";
import { dedent } from "../helpers/dedent.ts";

Deno.test("auth keys: create refuses a second active key, list shows them, revoke needs --yes off a terminal", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const second = await runWithKey(t, ["auth", "keys", "create", "CI key"], { home });
  assert.equal(second.code, 1);
  assert.match(second.stderr, /^Error: You already have an active API key/);

  const listed = await runWithKey(t, ["auth", "keys", "list", "--json"], { home });
  const keys = JSON.parse(listed.stdout);
  assert.equal(keys.length, 1);
  assert.equal(keys[0].key_prefix, t.key.slice(0, 15) + "...");
  assert.equal(keys[0].is_active, true);

  const refused = await runWithKey(t, ["auth", "keys", "revoke", keys[0].id], { home });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--yes/);

  const revoked = await runWithKey(t, ["auth", "keys", "revoke", keys[0].id, "--yes"], { home });
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.match(revoked.stdout, /Revoked API key/);

  const after = await runWithKey(t, ["auth", "keys", "list"], { home });
  assert.equal(after.code, 4, "the revoked key no longer authenticates");
});

Deno.test("auth keys revoke: a malformed id never reaches the API, an unknown one is not found", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const malformed = await runWithKey(t, ["auth", "keys", "revoke", "nope", "--yes"], { home });
  assert.equal(malformed.code, 2);
  assert.equal(
    malformed.stderr,
    dedent`
      Error: Invalid key id "nope": expected the key's id or a prefix of it
      List your keys and their ids with: torale auth keys list
    `,
  );
  const unknown = "00000000-0000-4000-8000-000000000000";
  const missing = await runWithKey(t, ["auth", "keys", "revoke", unknown, "--yes"], { home });
  assert.equal(missing.code, 1, missing.stderr);
  assert.match(missing.stderr, new RegExp(`^Error: API key not found: ${unknown}\n`));
  assert.match(missing.stderr, /torale auth keys list/);
});

Deno.test("auth keys revoke takes a unique prefix of the id, as task commands do", async () => {
  await using t = await startTestApi();
  const keys = JSON.parse((await runWithKey(t, ["auth", "keys", "list", "--json"])).stdout);
  const revoked = await runWithKey(t, ["auth", "keys", "revoke", keys[0].id.slice(0, 8), "--yes"]);
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.equal(revoked.stdout, `✓ Revoked API key ${keys[0].id}\n`);
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

Deno.test("auth keys list shows each key's prefix as the service gives it, and masks anything more", async () => {
  await using t = await startTestApi();
  const table = await runWithKey(t, ["auth", "keys", "list"], { stdoutIsTerminal: true });
  assert.equal(table.code, 0, table.stderr);
  assert.ok(table.stdout.includes(t.key.slice(0, 15) + "..."), table.stdout);
  const piped = await runWithKey(t, ["auth", "keys", "list"]);
  assert.match(
    piped.stdout,
    new RegExp(`\t${t.key.slice(0, 15).replace(/[-]/g, "\\-")}\\.\\.\\.\t`),
  );
  // A server that sent a whole key as the prefix would not get it printed.
  const whole = "sk_" + "A".repeat(43);
  const stub = stubFetch([{
    method: "GET",
    path: "/auth/api-keys",
    respond: () =>
      json(200, [{
        id: "3f2c0000-0000-4000-8000-000000000000",
        user_id: "u",
        key_prefix: whole,
        name: "Leaky",
        created_at: "2026-01-01T00:00:00Z",
        last_used_at: null,
        is_active: true,
      }]),
  }]);
  const leaky = await runNoAuth(["auth", "keys", "list"], { fetch: stub.fetch, secrets: [whole] });
  assert.equal(leaky.code, 0, leaky.stderr);
  assert.match(leaky.stdout, /sk_\.\.\.AAAAA/);
});
