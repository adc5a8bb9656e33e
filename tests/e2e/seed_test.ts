/**
 * Every example of the CLI authentication page (shared/seed-cli-authentication.md),
 * run as written through the real entry point (`deno run main.ts` with the
 * least-privilege flags of `deno task torale`), HOME in a temp dir, against
 * the local API on 127.0.0.1.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { maskKey } from "../../src/output/mask.ts";
import { startTestApi } from "../helpers/api.ts";
import { type CliResult, runSubprocess, tempHome, TORALE_BIN } from "../helpers/cli.ts";
import { readConfig, writeConfig } from "../helpers/config_file.ts";
import { refusedUrl } from "../helpers/net.ts";

const torale = runSubprocess;

/** `torale task list ...args` on a fresh HOME: it must succeed and find no tasks. */
async function listsNoTasks(
  args: string[],
  options: { env: Record<string, string>; secrets?: string[] },
): Promise<CliResult> {
  const result = await torale(["task", "list", ...args], { home: await tempHome(), ...options });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, "No tasks found.\n");
  return result;
}

Deno.test("seed: set-api-key, status, whoami and logout work as documented", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const env = { TORALE_API_URL: t.url };
  const secrets = [t.key];

  // torale auth set-api-key  (paste your API key when prompted; here, piped)
  const set = await torale(["auth", "set-api-key"], { home, env, stdin: t.key + "\n", secrets });
  assert.equal(set.code, 0, set.stderr);
  assert.match(set.stdout, /✓ API key saved to .*\.torale\/config\.json/);
  const config = await readConfig(home);
  assert.equal(config.api_key, t.key, "the key is stored in ~/.torale/config.json");

  // torale auth status
  const status = await torale(["auth", "status"], { home, env, secrets });
  assert.equal(status.code, 0, status.stderr);
  assert(
    status.stdout.startsWith(
      `✓ Authenticated as user@example.com\nAPI Key: ${maskKey(t.key)}\n`,
    ),
    status.stdout,
  );

  // torale auth whoami
  const whoami = await torale(["auth", "whoami"], { home, env, secrets });
  assert.equal(whoami.code, 0, whoami.stderr);
  const user = JSON.parse(whoami.stdout);
  assert.deepEqual(Object.keys(user), ["id", "email", "state"]);
  assert.match(user.id, /^[0-9a-f-]{36}$/);
  assert.equal(user.email, "user@example.com");
  assert.equal(user.state, "active");
  assert.equal(whoami.stdout, JSON.stringify(user, null, 2) + "\n");

  // torale auth logout
  const logout = await torale(["auth", "logout"], { home, env, secrets });
  assert.equal(logout.code, 0, logout.stderr);
  const after = await torale(["auth", "status"], { home, env, secrets });
  assert.equal(after.code, 4);
});

Deno.test("seed: TORALE_API_KEY authenticates torale task list", async () => {
  await using t = await startTestApi();
  await listsNoTasks([], {
    env: { TORALE_API_KEY: t.key, TORALE_API_URL: t.url },
    secrets: [t.key],
  });
});

Deno.test("seed: torale task list --api-key sk_... works", async () => {
  await using t = await startTestApi();
  await listsNoTasks(["--api-key", t.key], { env: { TORALE_API_URL: t.url }, secrets: [t.key] });
});

Deno.test("seed: priority is --api-key, then TORALE_API_KEY, then the config file", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const other = await t.api.createKey("other@example.com");
  const third = await t.api.createKey("third@example.com");
  await writeConfig(home, { api_key: third });
  const env = { TORALE_API_URL: t.url };
  const secrets = [t.key, other, third];
  const email = async (args: string[], extra: Record<string, string> = {}) => {
    const result = await torale(["auth", "whoami", ...args], {
      home,
      env: { ...env, ...extra },
      secrets,
    });
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout).email;
  };
  assert.equal(await email(["--api-key", t.key], { TORALE_API_KEY: other }), "user@example.com");
  assert.equal(await email([], { TORALE_API_KEY: other }), "other@example.com");
  assert.equal(await email([]), "third@example.com");
});

Deno.test("seed: development mode with TORALE_NOAUTH=1 and a local API needs no key", async () => {
  await using t = await startTestApi({ noauth: true });
  const localhostUrl = t.url.replace("127.0.0.1", "localhost");
  const result = await listsNoTasks([], {
    env: { TORALE_NOAUTH: "1", TORALE_API_URL: localhostUrl },
  });
  assert.equal(result.stderr, "");
});

Deno.test("seed troubleshooting: Error: Invalid API key", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const wrong = "sk_" + "W".repeat(43);
  // As on the page: the key was saved with `torale auth set-api-key`.
  await writeConfig(home, { api_key: wrong, api_url: t.url });
  const result = await torale(["task", "list"], { home, secrets: [wrong] });
  assert.equal(result.code, 4);
  assert.match(result.stderr, /^Error: Invalid API key\n/);
  assert.match(result.stderr, /torale auth set-api-key/);
  // From the variable, saving another key would change nothing: the hint says so.
  const fromEnv = await torale(["task", "list"], {
    home: await tempHome(),
    env: { TORALE_API_KEY: wrong, TORALE_API_URL: t.url },
    secrets: [wrong],
  });
  assert.equal(fromEnv.code, 4);
  assert.match(
    fromEnv.stderr,
    /TORALE_API_KEY holds this key .*: set it to a valid key, or unset it/,
  );
  assert.doesNotMatch(fromEnv.stderr, /set-api-key/);
});

Deno.test("seed troubleshooting: Error: No API key configured", async () => {
  const home = await tempHome();
  const result = await torale(["task", "list"], { home });
  assert.equal(result.code, 4);
  assert.match(result.stderr, /^Error: No API key configured\n/);
  assert.match(result.stderr, /torale auth set-api-key/);
});

Deno.test("seed troubleshooting: Error: Connection refused, with causes and the URL", async () => {
  const home = await tempHome();
  const url = refusedUrl();
  const key = "sk_" + "C".repeat(43);
  const result = await torale(["task", "list"], {
    home,
    env: { TORALE_API_KEY: key, TORALE_API_URL: url },
    secrets: [key],
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^Error: Connection refused\n/);
  assert.match(result.stderr, /API is down/);
  assert.match(result.stderr, /network/);
  assert.match(result.stderr, /wrong API URL/);
  assert(result.stderr.includes(url));
  assert(!result.stderr.includes("    at "), "no stack trace");
});

Deno.test("global flags work before and after the subcommand", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const env = { TORALE_API_URL: t.url };
  const before = await torale(["--debug", "--api-key", t.key, "task", "list"], {
    home,
    env,
    secrets: [t.key],
  });
  assert.equal(before.code, 0, before.stderr);
  assert.match(before.stderr, /^> GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/tasks\/$/m);
  assert.match(before.stderr, /^> Authorization: Bearer \[redacted\]$/m);
  const after = await torale(["task", "list", "--json", "--api-key", t.key], {
    home,
    env,
    secrets: [t.key],
  });
  assert.deepEqual(JSON.parse(after.stdout), []);
});

Deno.test("every byte written by the auth commands with --debug is free of the key", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const env = { TORALE_API_URL: t.url, TORALE_DEBUG: "1" };
  const runs = [
    await torale(["auth", "set-api-key"], { home, env, stdin: t.key }),
    await torale(["auth", "status"], { home, env }),
    await torale(["auth", "status", "--json"], { home, env }),
    await torale(["auth", "whoami", "--yaml"], { home, env }),
    await torale(["auth", "keys", "list"], { home, env }),
    await torale(["config"], { home, env }),
    await torale(["config", "get", "api_key"], { home, env }),
    await torale(["task", "list", "--api-key", t.key], { home, env }),
    await torale(["auth", "set-api-key", t.key], { home, env }),
    await torale(["auth", "logout"], { home, env }),
  ];
  const everything = runs.map((r) => r.stdout + r.stderr).join("\n");
  assert.match(everything, /> GET .*\/auth\/me/, "the debug trace was written");
  assert(!everything.includes(t.key), "the full key appeared in CLI output");
  assert.equal(runs[8].code, 2, "a key given as a stray argument is rejected, and redacted");
});

Deno.test({
  name: "a missing Deno permission names the flag instead of a stack trace",
  // A compiled binary's permissions are fixed at build time.
  ignore: TORALE_BIN !== undefined,
}, async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const result = await torale(["task", "list"], {
    home,
    env: { TORALE_API_KEY: t.key, TORALE_API_URL: t.url },
    secrets: [t.key],
    permissions: [
      "--no-prompt",
      "--allow-env",
      `--allow-read=${join(home, ".torale")}`,
    ],
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^Error: Missing Deno permission\n/);
  assert.match(result.stderr, /--allow-net/);
  assert(!result.stderr.includes("    at "), "no stack trace");
});

Deno.test({
  name: "a device or /proc file, which Deno opens only with --allow-all, gets advice that works",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const home = await tempHome();
    const result = await torale(["plan", "-f", "/proc/self/status"], {
      home,
      env: { TORALE_NOAUTH: "1", TORALE_API_URL: "http://127.0.0.1:9" },
    });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^Error: Missing Deno permission\nDeno opens "\/proc\/self\/status" \(a device or \/proc file\) only with --allow-all\.\nUse a regular file, or stdin and stdout/,
    );
    assert.doesNotMatch(result.stderr, /--allow-all=/);
  },
});

Deno.test("torale --help and --version work without a config or network", async () => {
  const home = await tempHome();
  const help = await torale(["--help"], { home });
  assert.equal(help.code, 0);
  for (
    const word of [
      "auth",
      "task",
      "config",
      "doctor",
      "version",
      "--api-key",
      "--json",
      "EXAMPLES",
      "GLOBAL FLAGS",
    ]
  ) {
    assert(help.stdout.includes(word), word);
  }
  const version = await torale(["--version"], { home });
  assert.match(version.stdout, /^torale \d+\.\d+\.\d+\nDeno \d+\.\d+\.\d+\nTarget \S+\n$/);
});
