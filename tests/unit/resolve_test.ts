import assert from "node:assert/strict";
import { isLoopback } from "../../src/api/url.ts";
import { NOAUTH_API_URL, resolveSettings } from "../../src/config/resolve.ts";
import { DEFAULT_API_URL, DEFAULT_TIMEOUT_S } from "../../src/config/schema.ts";
import { UsageError } from "../../src/errors.ts";

const FLAG_KEY = "sk_flag_" + "f".repeat(40);
const ENV_KEY = "sk_env_" + "e".repeat(40);
const FILE_KEY = "sk_file_" + "a".repeat(40);

function envOf(vars: Record<string, string>) {
  return (name: string) => vars[name];
}

Deno.test("key precedence covers every combination of flag, env and file", () => {
  for (const flag of [undefined, FLAG_KEY]) {
    for (const env of [undefined, ENV_KEY]) {
      for (const file of [undefined, FILE_KEY]) {
        const settings = resolveSettings({
          flags: { apiKey: flag },
          env: envOf(env ? { TORALE_API_KEY: env } : {}),
          file: file ? { api_key: file } : {},
        });
        const expected = flag
          ? { value: flag, source: "flag" }
          : env
          ? { value: env, source: "env" }
          : file
          ? { value: file, source: "file" }
          : { source: "none" };
        assert.deepEqual(settings.apiKey, expected, `flag=${!!flag} env=${!!env} file=${!!file}`);
      }
    }
  }
});

Deno.test("an empty TORALE_API_KEY falls through to the config file", () => {
  const settings = resolveSettings({
    flags: {},
    env: envOf({ TORALE_API_KEY: "  " }),
    file: { api_key: FILE_KEY },
  });
  assert.deepEqual(settings.apiKey, { value: FILE_KEY, source: "file" });
});

Deno.test("TORALE_NOAUTH=1 loads no key at all, even one passed as a flag", () => {
  const settings = resolveSettings({
    flags: { apiKey: FLAG_KEY },
    env: envOf({ TORALE_NOAUTH: "1", TORALE_API_KEY: ENV_KEY }),
    file: { api_key: FILE_KEY },
  });
  assert.equal(settings.noauth, true);
  assert.deepEqual(settings.apiKey, { source: "none" });
});

Deno.test("TORALE_NOAUTH must be exactly 1", () => {
  for (const value of ["true", "yes", "0", ""]) {
    const settings = resolveSettings({
      flags: {},
      env: envOf({ TORALE_NOAUTH: value, TORALE_API_KEY: ENV_KEY }),
      file: {},
    });
    assert.equal(settings.noauth, false, value);
    assert.equal(settings.apiKey.value, ENV_KEY);
  }
});

Deno.test("URL precedence: flag > env > NOAUTH localhost > file > default", () => {
  const cases: [Parameters<typeof resolveSettings>[0], string, string][] = [
    [
      {
        flags: { apiUrl: "https://flag" },
        env: envOf({ TORALE_API_URL: "https://env", TORALE_NOAUTH: "1" }),
        file: { api_url: "https://file" },
      },
      "https://flag",
      "flag",
    ],
    [
      {
        flags: {},
        env: envOf({ TORALE_API_URL: "https://env", TORALE_NOAUTH: "1" }),
        file: { api_url: "https://file" },
      },
      "https://env",
      "env",
    ],
    [
      { flags: {}, env: envOf({ TORALE_NOAUTH: "1" }), file: { api_url: "https://file" } },
      NOAUTH_API_URL,
      "noauth",
    ],
    [{ flags: {}, env: envOf({}), file: { api_url: "https://file" } }, "https://file", "file"],
    [{ flags: {}, env: envOf({}), file: {} }, DEFAULT_API_URL, "default"],
  ];
  for (const [input, value, source] of cases) {
    assert.deepEqual(resolveSettings(input).apiUrl, { value, source });
  }
});

Deno.test("a bad TORALE_API_URL is a usage error naming the variable, its password hidden", () => {
  const cases: [string, string][] = [
    ["notaurl", 'Invalid TORALE_API_URL "notaurl": not a valid URL'],
    ["ftp://x", 'Invalid TORALE_API_URL "ftp://x": the URL must start with http:// or https://'],
    [
      "https://me:hunter2@api.example.test",
      'Invalid TORALE_API_URL "https://me:***@api.example.test": the URL must not contain a user name or password',
    ],
  ];
  for (const [value, message] of cases) {
    assert.throws(
      () => resolveSettings({ flags: {}, env: envOf({ TORALE_API_URL: value }), file: {} }),
      (error: Error) => error instanceof UsageError && error.message === message,
      value,
    );
  }
  const overridden = resolveSettings({
    flags: { apiUrl: "https://api.example.test" },
    env: envOf({ TORALE_API_URL: "notaurl" }),
    file: {},
  });
  assert.equal(overridden.apiUrl.value, "https://api.example.test", "unused, so not checked");
});

Deno.test("timeout precedence: flag > config > 30 s", () => {
  assert.deepEqual(
    resolveSettings({ flags: { timeout: 5 }, env: envOf({}), file: { timeout: 9 } }).timeout,
    { value: 5, source: "flag" },
  );
  assert.deepEqual(
    resolveSettings({ flags: {}, env: envOf({}), file: { timeout: 9 } }).timeout,
    { value: 9, source: "file" },
  );
  assert.deepEqual(
    resolveSettings({ flags: {}, env: envOf({}), file: {} }).timeout,
    { value: DEFAULT_TIMEOUT_S, source: "default" },
  );
});

Deno.test("output precedence: --json/--yaml > config > table, and both flags is a usage error", () => {
  const file = { output_format: "yaml" as const };
  assert.equal(
    resolveSettings({ flags: { json: true }, env: envOf({}), file }).output.value,
    "json",
  );
  assert.equal(resolveSettings({ flags: {}, env: envOf({}), file }).output.value, "yaml");
  assert.equal(resolveSettings({ flags: {}, env: envOf({}), file: {} }).output.value, "table");
  assert.throws(
    () => resolveSettings({ flags: { json: true, yaml: true }, env: envOf({}), file: {} }),
    UsageError,
  );
});

Deno.test("debug comes from --debug or TORALE_DEBUG=1", () => {
  assert.equal(resolveSettings({ flags: { debug: true }, env: envOf({}), file: {} }).debug, true);
  assert.equal(
    resolveSettings({ flags: {}, env: envOf({ TORALE_DEBUG: "1" }), file: {} }).debug,
    true,
  );
  assert.equal(resolveSettings({ flags: {}, env: envOf({}), file: {} }).debug, false);
});

Deno.test("loopback detection accepts localhost (no trailing dot), 127/8 and ::1 only", () => {
  for (
    const url of [
      "http://localhost:8000",
      "http://LocalHost",
      "http://127.0.0.1",
      "http://127.1.2.3:9",
      "http://127.1",
      "http://[::1]:80",
      "http://[::ffff:127.0.0.1]:8000",
      "http://[::ffff:127.255.0.9]",
    ]
  ) {
    assert.equal(isLoopback(new URL(url)), true, url);
  }
  for (
    const url of [
      "http://10.0.0.1",
      "http://example.com",
      "http://localhost.evil.com",
      "http://evil.localhost",
      "http://a.b.localhost.",
      // glibc looks `localhost.` up in DNS, not /etc/hosts: a resolver would choose the address.
      "http://localhost.:8000",
      "http://localhost%2e:8000",
      "http://LOCALHOST.",
      "http://128.0.0.1",
      "http://[::ffff:10.0.0.1]",
      "http://[::2]",
    ]
  ) {
    assert.equal(isLoopback(new URL(url)), false, url);
  }
});
