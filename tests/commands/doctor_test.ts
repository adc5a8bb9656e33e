/** `torale doctor` against the local API and against stubbed failures, in-process. */
import assert from "node:assert/strict";
import { maskKey } from "../../src/output/mask.ts";
import { displayWidth, stripColor } from "../../src/output/width.ts";
import { startTestApi } from "../helpers/api.ts";
import { assertNoSecrets, runInProcess, runWithKey, tempHome } from "../helpers/cli.ts";
import { configPath, writeConfig } from "../helpers/config_file.ts";
import { classicHealth, currentHealth, json, type Stub, stubFetch } from "../helpers/fetch_stub.ts";
import { refusedUrl } from "../helpers/net.ts";

const KEY = "sk_" + "d".repeat(43);
const API_URL = "https://api.example.test";
const CHECKS = [
  "api_url",
  "reachable",
  "generation",
  "api_key",
  "config_files",
  "proxy",
  "clock",
];

const me: Stub = {
  method: "GET",
  path: "/auth/me",
  respond: () => json(200, { id: "u1", email: "user@example.com" }),
};

/** `/health` as the classic API answers it, dated `offsetMs` from now. */
function datedHealth(offsetMs = 0): Stub {
  return {
    method: "GET",
    path: "/health",
    respond: () =>
      json(200, { status: "healthy", service: "torale-api" }, {
        date: new Date(Date.now() + offsetMs).toUTCString(),
      }),
  };
}

/** Runs `doctor` with `stubs` answering, the key in TORALE_API_KEY unless `env` says otherwise. */
async function doctorWith(
  stubs: Stub[],
  options: { env?: Record<string, string>; home?: string; args?: string[] } = {},
) {
  const stub = stubFetch(stubs);
  const result = await runInProcess(["doctor", ...options.args ?? []], {
    home: options.home ?? await tempHome(),
    env: options.env ?? { TORALE_API_KEY: KEY, TORALE_API_URL: API_URL },
    fetch: stub.fetch,
    secrets: [KEY],
  });
  stub.assertDone();
  return result;
}

/** The report's line for the check labelled `label`, and the lines under it. */
function lineOf(stdout: string, label: string): string {
  const match = new RegExp(`^[✓✗] ${label} .*(\\n {4}.*)*`, "m").exec(stdout);
  assert(match, `no ${label} line in:\n${stdout}`);
  return match[0];
}

Deno.test("doctor passes every check against the local API and exits 0", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  await writeConfig(home, { timeout: 20 });
  const result = await runWithKey(t, ["doctor"], { home });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const lines = result.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 8, result.stdout);
  assert(lines.slice(0, 7).every((line) => line.startsWith("✓ ")), result.stdout);
  assert.equal(lines[7], "All 7 checks passed");
  assert.match(lineOf(result.stdout, "API URL"), new RegExp(`${t.url} \\(TORALE_API_URL\\)$`));
  assert.match(lineOf(result.stdout, "Reachable"), /GET \/health answered in \d+ ms$/);
  assert.match(lineOf(result.stdout, "Generation"), /classic/);
  assert.match(
    lineOf(result.stdout, "API key"),
    new RegExp(
      `${
        maskKey(t.key).replace(/\./g, "\\.")
      } from TORALE_API_KEY, accepted for user@example\\.com`,
    ),
  );
  assert.match(lineOf(result.stdout, "Config files"), /\.torale 0700, .*config\.json 0600$/);
  assert.match(lineOf(result.stdout, "Proxy"), /none set/);
  assert.match(lineOf(result.stdout, "Clock"), /within \d+ s of the server's/);
  assert.equal(result.stderr, "");
});

Deno.test("doctor --json gives ok and every check's name, ok and detail", async () => {
  await using t = await startTestApi();
  const result = await runWithKey(t, ["doctor", "--json"]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(report), ["ok", "checks"]);
  assert.equal(report.ok, true);
  assert.deepEqual(report.checks.map((check: { name: string }) => check.name), CHECKS);
  for (const check of report.checks) {
    assert.deepEqual(Object.keys(check), ["name", "ok", "detail"]);
    assert.equal(check.ok, true);
  }
});

Deno.test("doctor in NOAUTH mode against a local API passes without a key", async () => {
  await using t = await startTestApi({ noauth: true });
  const result = await runInProcess(["doctor"], {
    home: await tempHome(),
    env: { TORALE_NOAUTH: "1", TORALE_API_URL: t.url },
  });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(lineOf(result.stdout, "API key"), /^✓ .*TORALE_NOAUTH=1 \(local development API\)/);
});

Deno.test("each failure is a ✗ line with its fix below it, and exits 1", async (t) => {
  const cases: {
    name: string;
    stubs: Stub[];
    env?: Record<string, string>;
    setup?: (home: string) => Promise<void>;
    label: string;
    expected: RegExp;
  }[] = [
    {
      name: "a rejected key",
      stubs: [datedHealth(), { ...me, respond: () => json(401, { detail: "Invalid API key" }) }],
      label: "API key",
      expected: new RegExp(
        `^✗ API key +${
          maskKey(KEY).replace(/\./g, "\\.")
        } from TORALE_API_KEY: Invalid API key\\n` +
          ".*\\n {4}TORALE_API_KEY holds this key and wins over a saved one",
      ),
    },
    {
      name: "no key",
      stubs: [datedHealth()],
      env: { TORALE_API_URL: API_URL },
      label: "API key",
      expected:
        /^✗ API key +no API key configured\n {4}Run `torale auth set-api-key`, set TORALE_API_KEY/,
    },
    {
      name: "a Date header 10 minutes in the past",
      stubs: [datedHealth(-10 * 60_000), me],
      label: "Clock",
      expected: /^✗ Clock +10 min ahead of the server's .*\n {4}Set the system clock right/,
    },
    {
      name: "a Date header 10 minutes in the future",
      stubs: [datedHealth(10 * 60_000), me],
      label: "Clock",
      expected: /^✗ Clock +10 min behind the server's/,
    },
    {
      name: "a config file with mode 0644",
      stubs: [datedHealth(), me],
      setup: async (home) => {
        await writeConfig(home, { timeout: 20 });
        await Deno.chmod(configPath(home), 0o644);
      },
      label: "Config files",
      expected:
        /^✗ Config files .*config\.json 0644 \(should be 0600\).*\n {4}Run: chmod 600 ".*config\.json"$/,
    },
    {
      name: "a server that answers /health with 404",
      stubs: [
        { ...classicHealth, respond: () => json(404, { detail: "Not Found" }) },
        { ...me, respond: () => json(404, { detail: "Not Found" }) },
      ],
      label: "Reachable",
      expected:
        /^✗ Reachable +GET \/health answered in \d+ ms with an error: Not found: \/health\n {4}Check the API URL/,
    },
    {
      name: "NOAUTH with a remote URL",
      stubs: [datedHealth()],
      env: { TORALE_NOAUTH: "1", TORALE_API_URL: API_URL },
      label: "API key",
      expected:
        /^✗ API key +TORALE_NOAUTH=1, but api\.example\.test is not a local address\n {4}NOAUTH/,
    },
    {
      name: "a malformed proxy variable",
      stubs: [datedHealth(), me],
      env: { TORALE_API_KEY: KEY, TORALE_API_URL: API_URL, HTTPS_PROXY: "ftp://proxy.example:21" },
      label: "Proxy",
      expected: /^✗ Proxy .*Deno ignores HTTPS_PROXY=ftp:\/\/proxy\.example:21: .*\n {4}Set it/,
    },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      const home = await tempHome();
      await c.setup?.(home);
      const result = await doctorWith(c.stubs, { env: c.env, home });
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(lineOf(result.stdout, c.label), c.expected);
      assert.match(result.stdout, /\d of 7 checks failed\n$/);
    });
  }
});

Deno.test("an unreachable API fails reachability with the fix, and the checks that need it", async () => {
  const url = refusedUrl();
  const result = await runInProcess(["doctor"], {
    home: await tempHome(),
    env: { TORALE_API_KEY: KEY, TORALE_API_URL: url },
    secrets: [KEY],
  });
  assert.equal(result.code, 1);
  assert.match(
    lineOf(result.stdout, "Reachable"),
    /^✗ Reachable +no answer from GET \/health after \d+ ms: Connection refused\n {4}Nothing accepted the connection/,
  );
  for (const label of ["Generation", "API key", "Clock"]) {
    assert.match(lineOf(result.stdout, label), /^✗ .*\n {4}This needs an answer from GET \/health/);
  }
  assert.match(lineOf(result.stdout, "API key"), /not checked, the API did not answer/);
});

Deno.test("doctor names the generation from the one /health answer", async (t) => {
  const cases: [string, Stub, RegExp][] = [
    ["classic", classicHealth, /^✓ Generation +classic \(/],
    ["current", currentHealth, /^✓ Generation +current \(/],
    [
      "current, degraded (503)",
      { ...currentHealth, respond: () => json(503, { status: "degraded" }) },
      /^✓ Generation +current .*reporting itself degraded/,
    ],
  ];
  for (const [name, health, expected] of cases) {
    await t.step(name, async () => {
      // A 503 is retried twice, as every GET is; the stubs serve each attempt.
      const attempts = name.includes("503") ? [health, health, health] : [health];
      const result = await doctorWith([...attempts, me]);
      assert.match(lineOf(result.stdout, "Generation"), expected);
    });
  }
});

Deno.test("doctor shows proxy variables with their passwords masked", async () => {
  await using t = await startTestApi();
  const result = await runWithKey(t, ["doctor"], {
    env: { HTTPS_PROXY: "http://bob:hunter2@proxy.example:3128", no_proxy: "localhost" },
    secrets: ["hunter2"],
  });
  assert.equal(result.code, 0, result.stdout);
  assert.match(
    lineOf(result.stdout, "Proxy"),
    new RegExp(
      "^✓ Proxy +HTTPS_PROXY=http://bob:\\*\\*\\*@proxy\\.example:3128, no_proxy=localhost; " +
        `${t.url} is reached directly, never through a proxy$`,
    ),
  );
});

Deno.test("doctor never prints the key, in any format or with --debug", async (t) => {
  for (const args of [[], ["--json"], ["--yaml"], ["--debug"]]) {
    await t.step(["doctor", ...args].join(" "), async () => {
      const rejected = await doctorWith([
        datedHealth(),
        { ...me, respond: () => json(401, { detail: `Invalid API key ${KEY}` }) },
      ], { args });
      assertNoSecrets(rejected, [KEY]);
      assert(rejected.stdout.includes(maskKey(KEY)), rejected.stdout);
    });
  }
});

Deno.test("doctor --json of a failure carries the fix", async () => {
  const result = await doctorWith([datedHealth()], {
    env: { TORALE_API_URL: API_URL },
    args: ["--json"],
  });
  assert.equal(result.code, 1);
  const report = JSON.parse(result.stdout);
  assert.equal(report.ok, false);
  const key = report.checks.find((check: { name: string }) => check.name === "api_key");
  assert.deepEqual(key, {
    name: "api_key",
    ok: false,
    detail: "no API key configured",
    fix: "Run `torale auth set-api-key`, set TORALE_API_KEY, or pass --api-key.",
  });
});

Deno.test("on a terminal doctor's lines wrap under their text, commands whole, colour or not", async () => {
  const home = await tempHome();
  await writeConfig(home, { timeout: 20 });
  await Deno.chmod(configPath(home), 0o644);
  const env = { TORALE_NOAUTH: "1", TORALE_API_URL: API_URL };
  const run = async (options: { env?: Record<string, string>; terminal?: boolean }) => {
    const stub = stubFetch([datedHealth()]);
    const result = await runInProcess(["doctor"], {
      home,
      env: { ...env, ...options.env },
      fetch: stub.fetch,
      stdoutIsTerminal: options.terminal ?? true,
      columns: 50,
    });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    return result.stdout.replace(/\d+ ms\b/g, "9 ms");
  };
  const colored = await run({});
  assert.ok(colored.includes("\x1b[31m✗\x1b[39m API key"), colored);
  const plain = await run({ env: { NO_COLOR: "1" } });
  assert.equal(stripColor(colored), plain, "colour codes change no line break");
  assert.match(
    plain,
    new RegExp(
      "^✗ API key       TORALE_NOAUTH=1, but\n" +
        " {16}api\\.example\\.test is not a local\n" +
        " {16}address\n" +
        " {4}NOAUTH works only with a local development\n" +
        " {4}API: unset TORALE_NOAUTH and set a key,\n",
      "m",
    ),
  );
  const chmod = `chmod 600 "${configPath(home)}"`;
  assert.match(plain, new RegExp(`^ {4}Run:\\n${chmod.replace(/[.\\/]/g, "\\$&")}$`, "m"));
  for (const line of plain.split("\n")) {
    // Past the edge only what cannot break: a command, or one word (a path) on its own.
    if (displayWidth(line) > 50) assert.ok(line === chmod || /^ *\S+$/.test(line), line);
  }
  const piped = await run({ terminal: false });
  assert.match(
    piped,
    /^✗ API key +TORALE_NOAUTH=1, but api\.example\.test is not a local address$/m,
  );
  assert.match(piped, new RegExp(`^ {4}Run: ${chmod.replace(/[.\\/]/g, "\\$&")}$`, "m"));
});
