import assert from "node:assert/strict";
import { join } from "node:path";
import { ConfigStore } from "../../src/config/store.ts";
import { ConfigError } from "../../src/errors.ts";
import { readableStoreCopy } from "../helpers/store_copy.ts";

const isWindows = Deno.build.os === "windows";

async function tempStore() {
  const home = await Deno.makeTempDir({ prefix: "torale-config-" });
  const warnings: string[] = [];
  const store = new ConfigStore(join(home, ".torale"), { warn: (m) => warnings.push(m) });
  return { home, store, warnings };
}

Deno.test("a missing config file reads as empty", async () => {
  const { store } = await tempStore();
  const snapshot = await store.read();
  assert.deepEqual(snapshot, { values: {}, raw: {}, exists: false });
});

Deno.test(
  "update creates the directory 0700 and the file 0600",
  { ignore: isWindows },
  async () => {
    const { store } = await tempStore();
    await store.update((raw) => ({ ...raw, api_url: "http://localhost:8000" }));
    assert.equal((await Deno.stat(store.dir)).mode! & 0o777, 0o700);
    assert.equal((await Deno.stat(store.path)).mode! & 0o777, 0o600);
    assert.deepEqual((await store.read()).values, { api_url: "http://localhost:8000" });
  },
);

Deno.test(
  "modes gives the directory's and the file's permission bits, undefined for a missing one",
  { ignore: isWindows },
  async () => {
    const { store } = await tempStore();
    assert.deepEqual(await store.modes(), { dir: undefined, file: undefined });
    await Deno.mkdir(store.dir, { mode: 0o700 });
    assert.deepEqual(await store.modes(), { dir: 0o700, file: undefined });
    await store.update(() => ({ timeout: 5 }));
    await Deno.chmod(store.path, 0o644);
    assert.deepEqual(await store.modes(), { dir: 0o700, file: 0o644 });
  },
);

Deno.test("unknown keys survive every write", async () => {
  const { store } = await tempStore();
  await Deno.mkdir(store.dir, { recursive: true });
  await Deno.writeTextFile(store.path, JSON.stringify({ team: "x", nested: { a: 1 } }), {
    mode: 0o600,
  });
  await store.update((raw) => ({ ...raw, timeout: 12 }));
  await store.update((raw) => {
    delete raw.timeout;
    return raw;
  });
  assert.deepEqual((await store.read()).raw, { team: "x", nested: { a: 1 } });
});

Deno.test("writes leave no temporary or lock files behind", async () => {
  const { store } = await tempStore();
  await store.update(() => ({ output_format: "json" }));
  const names = [];
  for await (const entry of Deno.readDir(store.dir)) names.push(entry.name);
  assert.deepEqual(names, ["config.json"]);
});

Deno.test("invalid JSON is an error naming the path, never silently overwritten", async () => {
  const { store } = await tempStore();
  await Deno.mkdir(store.dir, { recursive: true });
  await Deno.writeTextFile(store.path, "{ not json", { mode: 0o600 });
  await assert.rejects(() => store.read(), (error: unknown) => {
    assert(error instanceof ConfigError);
    assert.match(error.message, new RegExp(`^Invalid config file ${store.path}: `));
    assert.match(error.hints.join("\n"), /torale auth set-api-key/);
    return true;
  });
  await assert.rejects(() => store.update((raw) => ({ ...raw, timeout: 5 })), ConfigError);
  assert.equal(await Deno.readTextFile(store.path), "{ not json");
});

Deno.test("wrong types in known keys are reported with the key's name", async (ctx) => {
  const { store } = await tempStore();
  await Deno.mkdir(store.dir, { recursive: true });
  const cases: [unknown, RegExp][] = [
    [{ api_key: 42 }, /"api_key" must be a string/],
    [{ api_url: "ftp://x" }, /"api_url": the URL must start with http/],
    [{ output_format: "xml" }, /"output_format" must be one of table, json, yaml/],
    [{ timeout: "30" }, /"timeout" must be a number/],
    [{ timeout: -1 }, /"timeout" must be a positive number/],
    [[1, 2], /top level must be a JSON object/],
  ];
  for (const [content, reason] of cases) {
    await ctx.step(JSON.stringify(content), async () => {
      await Deno.writeTextFile(store.path, JSON.stringify(content), { mode: 0o600 });
      await assert.rejects(() => store.read(), (error: unknown) => {
        assert(error instanceof ConfigError);
        assert.match(error.message, reason);
        return true;
      });
    });
  }
});

Deno.test(
  "a group- or world-readable file warns with the chmod fix",
  { ignore: isWindows },
  async () => {
    const { store, warnings } = await tempStore();
    await Deno.mkdir(store.dir, { recursive: true });
    await Deno.writeTextFile(store.path, "{}");
    await Deno.chmod(store.path, 0o644);
    await store.read();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], new RegExp(`${store.path} is readable by other users`));
    assert.match(warnings[0], /chmod 600/);
  },
);

/**
 * Runs `action` ("read" or "write") on a store as a user the file's mode
 * shuts out. As root (CI), that means a subprocess dropped to `nobody` with
 * setpriv, since root ignores file modes; it imports a readable copy of the
 * store and starts in a directory of its own, since it may not read the clone.
 */
async function denied(dir: string, action: "read" | "write"): Promise<string> {
  const storeUrl = await readableStoreCopy();
  const script = `
    import { ConfigStore } from ${JSON.stringify(storeUrl)};
    const store = new ConfigStore(${JSON.stringify(dir)}, { warn() {} });
    try {
      ${action === "read" ? "await store.read();" : "await store.update(() => ({ timeout: 3 }));"}
      console.log("no error");
    } catch (error) {
      console.log(error.message + "\\n" + (error.hints ?? []).join("\\n"));
    }`;
  const cache = await Deno.makeTempDir();
  await Deno.chmod(cache, 0o777);
  const deno = Deno.execPath();
  const args = ["eval", script];
  const command = Deno.uid() === 0
    ? new Deno.Command("setpriv", {
      args: ["--reuid=65534", "--regid=65534", "--clear-groups", deno, ...args],
      env: { DENO_DIR: cache, HOME: cache },
      cwd: cache,
      stdout: "piped",
      stderr: "piped",
    })
    : new Deno.Command(deno, { args, cwd: cache, stdout: "piped", stderr: "piped" });
  const output = await command.output();
  // The script prints the error it expects; a failure to run at all is another matter.
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout).replaceAll("\\n", "\n");
}

async function sharedTempDir(): Promise<string> {
  const home = await Deno.makeTempDir({ prefix: "torale-perm-" });
  await Deno.chmod(home, 0o755);
  const dir = join(home, ".torale");
  await Deno.mkdir(dir);
  await Deno.chmod(dir, 0o755);
  return dir;
}

Deno.test(
  "an unreadable file is 'Permission denied: <path>' with a fix",
  { ignore: isWindows },
  async () => {
    const dir = await sharedTempDir();
    const path = join(dir, "config.json");
    await Deno.writeTextFile(path, "{}");
    await Deno.chmod(path, 0o000);
    const output = await denied(dir, "read");
    assert.match(output, new RegExp(`^Permission denied: ${path}\n`));
    assert.match(output, /chmod 600/);
  },
);

Deno.test(
  "an unwritable directory is 'Permission denied: <path>'",
  { ignore: isWindows },
  async () => {
    const dir = await sharedTempDir();
    if (Deno.uid() !== 0) await Deno.chmod(dir, 0o500);
    const output = await denied(dir, "write");
    assert.match(output, /^Permission denied: /);
  },
);

Deno.test("returning null from update removes the file", async () => {
  const { store } = await tempStore();
  await store.update(() => ({ timeout: 3 }));
  await store.update(() => null);
  assert.equal((await store.read()).exists, false);
});

Deno.test(
  "a write tightens a directory open to others to 0700, saying so once",
  { ignore: isWindows },
  async () => {
    const { store, warnings } = await tempStore();
    await Deno.mkdir(store.dir);
    await Deno.chmod(store.dir, 0o755);
    await store.update(() => ({ timeout: 5 }));
    assert.equal((await Deno.stat(store.dir)).mode! & 0o777, 0o700);
    assert.deepEqual(warnings, [
      `Changed the mode of ${store.dir} from 755 to 700: it holds your API key`,
    ]);
    await store.update(() => ({ timeout: 6 }));
    assert.equal(warnings.length, 1);
  },
);

Deno.test(
  "a directory others may write in warns with the chmod fix; one they may only read does not",
  { ignore: isWindows },
  async () => {
    const { store, warnings } = await tempStore();
    await Deno.mkdir(store.dir);
    await Deno.writeTextFile(store.path, "{}", { mode: 0o600 });
    await Deno.chmod(store.dir, 0o755);
    await store.read();
    assert.deepEqual(warnings, []);
    await Deno.chmod(store.dir, 0o777);
    await store.read();
    assert.deepEqual(warnings, [
      `${store.dir} is writable by other users (mode 777); fix it with: chmod 700 "${store.dir}"`,
    ]);
  },
);
