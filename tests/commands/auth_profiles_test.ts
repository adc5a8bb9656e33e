/**
 * Profiles: two accounts on two local APIs, switching, --profile and
 * TORALE_PROFILE precedence, the flat file read as `default`, logout of one
 * leaving the other, bad and unknown names; and `auth token`.
 */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runInProcess, tempHome } from "../helpers/cli.ts";
import { configPath, readConfig, writeConfig } from "../helpers/config_file.ts";
import { maskKey } from "../../src/output/mask.ts";

Deno.test("two profiles against two local APIs: set, list, switch, --profile, TORALE_PROFILE", async () => {
  await using personal = await startTestApi();
  await using work = await startTestApi({ generation: "current" });
  assert.notEqual(personal.key, work.key);
  const home = await tempHome();
  const secrets = [personal.key, work.key];
  const run = (args: string[], env: Record<string, string> = {}) =>
    runInProcess(args, { home, env, secrets });

  const one = await run(
    ["auth", "set-api-key", "--key", personal.key, "--api-url", personal.url],
  );
  assert.equal(one.code, 0, one.stderr);
  // No store in-process: the fallback is said once, on stderr.
  assert.equal(one.stderr.match(/no OS credential store is available/g)?.length, 1, one.stderr);
  const two = await run(
    ["auth", "set-api-key", "--profile", "work", "--key", work.key, "--api-url", work.url],
  );
  assert.equal(two.code, 0, two.stderr);
  assert.match(two.stdout, /API key saved to .*config\.json \(profile work\)/);

  // The default profile stays at the top level; the other one under "profiles".
  const file = await readConfig(home);
  assert.equal(file.api_key, personal.key);
  assert.deepEqual(file.profiles, { work: { api_key: work.key, api_url: work.url } });
  assert.equal(file.current_profile, undefined);

  const who = async (args: string[], env: Record<string, string> = {}) => {
    const result = await run(["auth", "status", "--json", ...args], env);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    return `${report.profile} ${report.api_url} ${report.key}`;
  };
  const asPersonal = `default ${personal.url} ${maskKey(personal.key)}`;
  const asWork = `work ${work.url} ${maskKey(work.key)}`;
  assert.equal(await who([]), asPersonal);
  assert.equal(await who(["--profile", "work"]), asWork);
  assert.equal(await who([], { TORALE_PROFILE: "work" }), asWork);
  // The flag beats the environment.
  assert.equal(await who(["--profile", "default"], { TORALE_PROFILE: "work" }), asPersonal);

  const switched = await run(["auth", "switch", "work"]);
  assert.equal(switched.code, 0, switched.stderr);
  assert.equal((await readConfig(home)).current_profile, "work");
  assert.equal(await who([]), asWork);
  // The environment beats the file's current profile.
  assert.equal(await who([], { TORALE_PROFILE: "default" }), asPersonal);

  const list = await run(["auth", "list", "--json"]);
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(JSON.parse(list.stdout), [
    {
      name: "default",
      active: false,
      key: maskKey(personal.key),
      key_location: "file",
      api_url: personal.url,
    },
    { name: "work", active: true, key: maskKey(work.key), key_location: "file", api_url: work.url },
  ]);
  const table = await run(["auth", "list"]);
  assert.match(table.stdout, /^\*\twork\t/m);

  // torale config shows the profile and where it came from.
  const config = await run(["config", "--json"]);
  assert.deepEqual(JSON.parse(config.stdout).profile, { value: "work", source: configPath(home) });
  const flagged = await run(["config", "--json", "--profile", "default"]);
  assert.deepEqual(JSON.parse(flagged.stdout).profile, { value: "default", source: "--profile" });
  const viaEnv = await run(["config", "--json"], { TORALE_PROFILE: "default" });
  assert.deepEqual(JSON.parse(viaEnv.stdout).profile, {
    value: "default",
    source: "env (TORALE_PROFILE)",
  });

  // Tasks go to the active profile's API with its key.
  const tasks = await run(["task", "list", "--json"]);
  assert.equal(tasks.code, 0, tasks.stderr);

  // Logout of one leaves the other.
  const out = await run(["auth", "logout"]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /Removed the API key \(profile work\)/);
  const after = await readConfig(home);
  assert.equal(after.api_key, personal.key);
  assert.deepEqual(after.profiles, { work: { api_url: work.url } });
  assert.equal((await run(["auth", "status"])).code, 4);
  assert.equal(await who(["--profile", "default"]), asPersonal);

  const all = await run(["auth", "logout", "--all"]);
  assert.equal(all.code, 0, all.stderr);
  const none = await readConfig(home);
  assert.equal(none.api_key, undefined);
  assert.equal(JSON.stringify(none).includes("sk_"), false);
});

Deno.test("a flat config.json is the default profile, unchanged until something changes", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  const flat = JSON.stringify({ api_key: t.key, api_url: t.url, team: "kept", timeout: 20 });
  await writeConfig(home, flat);
  const status = await runInProcess(["auth", "status", "--json"], { home, secrets: [t.key] });
  assert.equal(status.code, 0, status.stderr);
  assert.equal(JSON.parse(status.stdout).profile, "default");
  assert.equal(await Deno.readTextFile(configPath(home)), flat, "reading rewrites nothing");

  const set = await runInProcess(
    ["config", "set", "timeout", "9", "--profile", "ci"],
    { home, secrets: [t.key] },
  );
  assert.equal(set.code, 0, set.stderr);
  assert.deepEqual(await readConfig(home), {
    api_key: t.key,
    api_url: t.url,
    team: "kept",
    timeout: 20,
    profiles: { ci: { timeout: 9 } },
  });
});

Deno.test("a current_profile naming no profile warns and uses default until auth switch", async () => {
  const home = await tempHome();
  await writeConfig(home, { api_url: "http://127.0.0.1:9", current_profile: "gone" });
  const before = await runInProcess(["config", "get", "api_url"], { home });
  assert.equal(before.code, 0, before.stderr);
  assert.equal(before.stdout, "http://127.0.0.1:9\n");
  assert.match(
    before.stderr,
    /^Warning: .*config\.json names "gone" as the current profile, which does not exist; using "default"\. Choose one with `torale auth switch <name>`\.\n$/,
  );
  const fixed = await runInProcess(["auth", "switch", "default"], { home });
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.equal((await readConfig(home)).current_profile, undefined);
  const after = await runInProcess(["config", "get", "api_url"], { home });
  assert.equal(after.stderr, "");
});

Deno.test("bad profile names are usage errors; an unknown profile lists the known ones", async () => {
  const home = await tempHome();
  await writeConfig(home, { profiles: { work: {}, ci: {} } });
  for (const name of ["-x", "a b", "../etc", "x".repeat(40), ""]) {
    const result = await runInProcess(["auth", "status", `--profile=${name}`], { home });
    assert.equal(result.code, 2, `${name}: ${result.stderr}`);
    assert.match(result.stderr, /^Error: Invalid profile name "/, name);
  }
  const badEnv = await runInProcess(["auth", "status"], {
    home,
    env: { TORALE_PROFILE: "no/pe" },
  });
  assert.equal(badEnv.code, 2);
  assert.match(badEnv.stderr, /^Error: Invalid TORALE_PROFILE "no\/pe"/);
  for (
    const [args, env] of [
      [["auth", "status", "--profile", "home"], {}],
      [["auth", "switch", "home"], {}],
      [["task", "list"], { TORALE_PROFILE: "home" }],
    ] as [string[], Record<string, string>][]
  ) {
    const result = await runInProcess(args, { home, env });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /^Error: Unknown profile "home"/);
    assert.match(result.stderr, /Known profiles: default, work, ci/);
  }
  const noSwitch = await runInProcess(["auth", "switch", "a b"], { home });
  assert.equal(noSwitch.code, 2);
});

Deno.test("auth token prints the key in use and nothing else; exit 4 without one", async () => {
  await using t = await startTestApi();
  const home = await tempHome();
  await writeConfig(home, { api_key: t.key });
  // The one command allowed to print the key: not checked for leaks here.
  const fromFile = await runInProcess(["auth", "token"], { home });
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.equal(fromFile.stdout, `${t.key}\n`);
  assert.equal(fromFile.stderr, "");
  const other = "sk_" + "Z".repeat(43);
  const fromEnv = await runInProcess(["auth", "token"], { home, env: { TORALE_API_KEY: other } });
  assert.equal(fromEnv.stdout, `${other}\n`);
  const fromFlag = await runInProcess(["auth", "token", "--api-key", other + "x"], { home });
  assert.equal(fromFlag.stdout, `${other}x\n`);
  const none = await runInProcess(["auth", "token"], { home: await tempHome() });
  assert.equal(none.code, 4);
  assert.equal(none.stdout, "");
  assert.match(none.stderr, /^Error: No API key configured\n/);
});

Deno.test("profiles named like Object's own properties (constructor, toString, …) work as any other", async () => {
  for (const name of ["constructor", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf"]) {
    const home = await tempHome();
    const set = await runInProcess(
      ["config", "set", "--profile", name, "api_url", "http://localhost:8000"],
      { home },
    );
    assert.equal(set.code, 0, `${name}: ${set.stderr}`);
    const list = await runInProcess(["auth", "list", "--json"], { home });
    assert.equal(list.code, 0, `${name}: ${list.stderr}`);
    const profile = JSON.parse(list.stdout).find((row: { name: string }) => row.name === name);
    assert.equal(profile?.api_url, "http://localhost:8000", name);
    // An unknown one of these names is unknown, not a profile inherited from Object.
    const unknown = await runInProcess(["task", "list", "--profile", "toLocaleString"], { home });
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(unknown.stderr, /^Error: Unknown profile "toLocaleString"/);
  }
});
