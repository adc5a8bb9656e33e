/** `torale config` and its subcommands, in-process. */
import assert from "node:assert/strict";
import { maskKey } from "../../src/output/mask.ts";
import { startTestApi } from "../helpers/api.ts";
import { commandLine, runInProcess, tempHome } from "../helpers/cli.ts";
import { configPath, readConfig, writeConfig } from "../helpers/config_file.ts";

const KEY = "sk_" + "F".repeat(43);

Deno.test("config lists every effective setting with its source, the key masked", async () => {
  const home = await tempHome();
  await runInProcess(["config", "set", "api_key", KEY], { home, secrets: [KEY] });
  await runInProcess(["config", "set", "timeout", "12"], { home });
  const result = await runInProcess(["config", "--json"], {
    home,
    env: { TORALE_API_URL: "http://localhost:9000" },
    secrets: [KEY],
  });
  assert.equal(result.code, 0, result.stderr);
  const path = configPath(home);
  assert.deepEqual(JSON.parse(result.stdout), {
    profile: { value: "default", source: "default" },
    api_key: { value: maskKey(KEY), source: path },
    api_url: { value: "http://localhost:9000", source: "env (TORALE_API_URL)" },
    api_generation: { value: "auto", source: "default" },
    output_format: { value: "json", source: "flag" },
    timeout: { value: 12, source: path },
    key_stored_in: { value: `${path} (0600)`, source: "profile default" },
  });
  const table = await runInProcess(["config"], { home, secrets: [KEY] });
  assert.match(table.stdout, /^KEY\tVALUE\tSOURCE\n/);
  assert.match(table.stdout, new RegExp(`api_key\\t${maskKey(KEY).replace(/\./g, "\\.")}\\t`));
  const flagged = await runInProcess(["config", "get", "timeout", "--timeout", "3"], { home });
  assert.equal(flagged.stdout, "3\n");
});

Deno.test("config set validates each key and keeps unknown keys", async (ctx) => {
  const home = await tempHome();
  await writeConfig(home, '{"team":"a"}');
  const cases: [string[], RegExp][] = [
    [["output_format", "xml"], /^Error: Invalid value for output_format "xml"/],
    [["timeout", "-1"], /^Error: Invalid timeout "-1"/],
    [["api_generation", "2025"], /^Error: Invalid value for api_generation "2025"/],
    [["api_url", "ftp://x"], /^Error: Invalid value for api_url "ftp:\/\/x"/],
    [
      ["api_url", "https://me:hunter2@api.example.test"],
      /^Error: Invalid value for api_url "https:\/\/me:\*\*\*@api\.example\.test": the URL must not contain a user name or password\n$/,
    ],
    [["api_key", "nope"], /^Error: Invalid API key format/],
    [["colour", "red"], /^Error: Unknown config key "colour"/],
  ];
  for (const [args, message] of cases) {
    await ctx.step(commandLine(["config", "set", ...args]), async () => {
      const result = await runInProcess(["config", "set", ...args], { home });
      assert.equal(result.code, 2, args.join(" "));
      assert.match(result.stderr, message);
    });
  }
  const ok = await runInProcess(["config", "set", "api_url", "https://api.example.test/"], {
    home,
  });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(
    ok.stdout,
    `✓ Set api_url to https://api.example.test in ${configPath(home)}\n`,
  );
  assert.deepEqual(await readConfig(home), { team: "a", api_url: "https://api.example.test" });
});

Deno.test("config get prints one effective value; unset removes a key; path prints the file", async () => {
  const home = await tempHome();
  await runInProcess(["config", "set", "timeout", "45"], { home });
  assert.equal((await runInProcess(["config", "get", "timeout"], { home })).stdout, "45\n");
  assert.equal(
    (await runInProcess(["config", "get", "api_url"], { home })).stdout,
    "https://api.torale.ai\n",
  );
  const unset = await runInProcess(["config", "unset", "timeout"], { home });
  assert.match(unset.stdout, /^✓ Removed timeout from /);
  assert.deepEqual(await readConfig(home), {});
  const again = await runInProcess(["config", "unset", "timeout"], { home });
  assert.match(again.stdout, /timeout is not set in /);
  const path = await runInProcess(["config", "path"], { home });
  assert.equal(path.stdout, configPath(home) + "\n");
  assert.equal((await runInProcess(["config", "get", "nope"], { home })).code, 2);
});

Deno.test("output_format in the config picks the output of every command", async () => {
  const home = await tempHome();
  await runInProcess(["config", "set", "output_format", "json"], { home });
  const result = await runInProcess(["config", "get", "output_format"], { home });
  assert.deepEqual(JSON.parse(result.stdout), {
    value: "json",
    source: configPath(home),
  });
});

Deno.test("an invalid config file stops commands with the path, the reason and the fix", async () => {
  const home = await tempHome();
  await writeConfig(home, "{oops");
  const result = await runInProcess(["task", "list"], { home });
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    new RegExp(`^Error: Invalid config file ${configPath(home)}: `),
  );
  assert.match(result.stderr, /remove it and run `torale auth set-api-key`/);
  assert.equal(await Deno.readTextFile(configPath(home)), "{oops");
});

Deno.test("config get api_generation detects the generation when it is auto; config lists the setting", async (t) => {
  for (const generation of ["classic", "current"] as const) {
    await t.step(generation, async () => {
      await using api = await startTestApi({ generation });
      const env = { TORALE_API_URL: api.url };
      const got = await runInProcess(["config", "get", "api_generation", "--json"], {
        home: await tempHome(),
        env,
        fetch: globalThis.fetch,
      });
      assert.equal(got.code, 0, got.stderr);
      assert.deepEqual(JSON.parse(got.stdout), {
        value: generation,
        source: "detected (GET /health)",
      });
      const listed = await runInProcess(["config"], { home: await tempHome(), env });
      assert.match(listed.stdout, /^api_generation\tauto\tdefault$/m);
    });
  }
});

Deno.test("config set timeout takes the durations --timeout takes and stores seconds, as before", async (ctx) => {
  const home = await tempHome();
  const cases: [string, number][] = [["10s", 10], ["2m", 120], ["1m30s", 90], ["500ms", 0.5], [
    "45",
    45,
  ]];
  for (const [typed, seconds] of cases) {
    await ctx.step(commandLine(["config", "set", "timeout", typed]), async () => {
      const set = await runInProcess(["config", "set", "timeout", typed], { home });
      assert.equal(set.code, 0, set.stderr);
      // A number of seconds in the file: what older versions read.
      const file = await readConfig(home) as { profiles?: { default?: { timeout?: unknown } } };
      assert.equal(
        file.profiles?.default?.timeout ?? (file as { timeout?: unknown }).timeout,
        seconds,
      );
      const get = await runInProcess(["config", "get", "timeout"], { home });
      assert.equal(get.stdout, `${seconds}\n`);
    });
  }
  for (const typed of ["2h", "soon", "0s"]) {
    await ctx.step(commandLine(["config", "set", "timeout", typed]), async () => {
      const result = await runInProcess(["config", "set", "timeout", typed], { home });
      assert.equal(result.code, 2);
      assert.match(result.stderr, new RegExp(`^Error: Invalid timeout "${typed}": must be`));
    });
  }
});
