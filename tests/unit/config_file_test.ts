/**
 * What the store reads and how it writes: only a regular file of bounded
 * size, decoded strictly, and every write either done or not done at all.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ConfigStore } from "../../src/config/store.ts";
import { ConfigError } from "../../src/errors.ts";
import { runInProcess, tempHome } from "../helpers/cli.ts";
import { writeConfig } from "../helpers/config_file.ts";
import { readableStoreCopy } from "../helpers/store_copy.ts";

const isWindows = Deno.build.os === "windows";

async function tempStore() {
  const home = await Deno.makeTempDir({ prefix: "torale-file-" });
  const warnings: string[] = [];
  const store = new ConfigStore(join(home, ".torale"), { warn: (m) => warnings.push(m) });
  await Deno.mkdir(store.dir, { mode: 0o700 });
  return { store, warnings };
}

/** Expects a ConfigError whose message matches `reason`, or is `reason` when it is a string. */
async function rejectsWith(action: () => Promise<unknown>, reason: RegExp | string) {
  await assert.rejects(action, (error: unknown) => {
    assert(error instanceof ConfigError, String(error));
    if (typeof reason === "string") assert.equal(error.message, reason);
    else assert.match(error.message, reason);
    return true;
  });
}

/**
 * Reads the config in `dir` in another process (a read that hangs or fills
 * memory must not take the test runner with it) that may read only `dir`:
 * what it threw, or the JSON of what it read, or "still running" if it had
 * not finished after `deadlineMs`.
 */
async function readElsewhere(dir: string, deadlineMs = 3_000): Promise<string> {
  const script = join(await Deno.makeTempDir(), "read.ts");
  await Deno.writeTextFile(
    script,
    `import { ConfigStore } from ${JSON.stringify(await readableStoreCopy())};
    try {
      console.log(JSON.stringify((await new ConfigStore(Deno.args[0], { warn() {} }).read()).raw));
    } catch (error) {
      console.log(error.message);
    }`,
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", `--allow-read=${dir}`, script, dir],
    cwd: dir,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), deadlineMs);
  const output = await child.output();
  clearTimeout(timer);
  return output.signal ? "still running" : new TextDecoder().decode(output.stdout).trim();
}

Deno.test(
  "a FIFO as config.json is refused at once, never opened",
  { ignore: isWindows },
  async () => {
    const { store } = await tempStore();
    const made = await new Deno.Command("mkfifo", { args: [store.path] }).output();
    assert.equal(made.code, 0);
    assert.equal(
      await readElsewhere(store.dir),
      `Invalid config file ${store.path}: it is not a regular file (a FIFO, socket or device)`,
    );
  },
);

Deno.test(
  "a config.json linked to /dev/zero is refused at once, never read",
  { ignore: isWindows },
  async () => {
    const { store } = await tempStore();
    await Deno.symlink("/dev/zero", store.path);
    assert.equal(
      await readElsewhere(store.dir),
      `Invalid config file ${store.path}: it is not a regular file (a FIFO, socket or device)`,
    );
  },
);

Deno.test("a config file over 1 MiB is refused naming the limit", async () => {
  const { store } = await tempStore();
  const limit = 1024 * 1024;
  const exactly = `{"padding": "${"x".repeat(limit - 15)}"}`;
  assert.equal(exactly.length, limit);
  await Deno.writeTextFile(store.path, exactly, { mode: 0o600 });
  assert.equal((await store.read()).raw.padding, "x".repeat(limit - 15));
  await Deno.writeTextFile(store.path, exactly + "\n", { mode: 0o600 });
  await rejectsWith(
    () => store.read(),
    new RegExp(`^Invalid config file ${store.path}: it is larger than the 1 MiB limit$`),
  );
  await rejectsWith(() => store.update(() => ({ timeout: 5 })), /larger than the 1 MiB limit/);
  assert.equal((await Deno.stat(store.path)).size, limit + 1);
});

Deno.test(
  "a config.json linked to a regular file is read through the link, even under --allow-read=<dir>",
  { ignore: isWindows },
  async () => {
    const { store } = await tempStore();
    const target = join(store.dir, "..", "elsewhere.json");
    await Deno.writeTextFile(target, JSON.stringify({ timeout: 7 }), { mode: 0o600 });
    await Deno.symlink(target, store.path);
    assert.deepEqual((await store.read()).values, { timeout: 7 });
    assert.equal(await readElsewhere(store.dir), '{"timeout":7}');
  },
);

Deno.test("a UTF-8 byte order mark at the start is accepted and not written back", async () => {
  const { store } = await tempStore();
  await Deno.writeTextFile(store.path, '\uFEFF{"timeout": 5}', { mode: 0o600 });
  assert.deepEqual((await store.read()).values, { timeout: 5 });
  await store.update((raw) => ({ ...raw, output_format: "json" }));
  assert.equal(
    await Deno.readTextFile(store.path),
    '{\n  "timeout": 5,\n  "output_format": "json"\n}\n',
  );
});

Deno.test("invalid UTF-8 is refused naming the byte and its offset, never rewritten", async (t) => {
  const { store } = await tempStore();
  const ascii = (text: string) => [...new TextEncoder().encode(text)];
  const cases: [string, number[], string][] = [
    ["a Latin-1 é", [...ascii('{"team": "caf'), 0xe9, ...ascii('"}')], "0xE9 at offset 13"],
    [
      "after valid multi-byte text",
      [...ascii('{"a": "é€'), 0xff, ...ascii('"}')],
      "0xFF at offset 12",
    ],
    [
      "after a real U+FFFD",
      [...ascii('{"a": "\uFFFD'), 0xc3, 0x28, ...ascii('"}')],
      "0xC3 at offset 10",
    ],
    [
      "an encoded surrogate",
      [...ascii('{"a": "'), 0xed, 0xa0, 0x80, ...ascii('"}')],
      "0xED at offset 7",
    ],
    ["cut short at the end", [...ascii('{"a": 1}'), 0xe2, 0x82], "0xE2 at offset 8"],
  ];
  for (const [name, bytes, where] of cases) {
    await t.step(name, async () => {
      await Deno.writeFile(store.path, new Uint8Array(bytes), { mode: 0o600 });
      const message = `Invalid config file ${store.path}: it is not valid UTF-8 (byte ${where})`;
      await rejectsWith(() => store.read(), message);
      await rejectsWith(() => store.update((raw) => ({ ...raw, timeout: 5 })), /not valid UTF-8/);
      assert.deepEqual([...await Deno.readFile(store.path)], bytes);
    });
  }
});

Deno.test("arrays or objects nested over 100 deep are refused; brackets in strings do not count", async () => {
  const { store } = await tempStore();
  const nested = (depth: number) => `{"x": ${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;
  await Deno.writeTextFile(store.path, nested(100), { mode: 0o600 });
  await store.read();
  await Deno.writeTextFile(store.path, `{"x": "\\"${"[".repeat(500)}"}`, { mode: 0o600 });
  await store.read();
  await Deno.writeTextFile(store.path, nested(101), { mode: 0o600 });
  await rejectsWith(
    () => store.read(),
    new RegExp(
      `^Invalid config file ${store.path}: it nests arrays or objects more than 100 levels deep$`,
    ),
  );
});

Deno.test("config set on a config nested 100,000 deep is a clear error, exit 1", async () => {
  const home = await tempHome();
  await writeConfig(home, `{"x": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`);
  const result = await runInProcess(["config", "set", "timeout", "5"], { home });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^Error: Invalid config file .*: it nests arrays or objects more/);
  assert.doesNotMatch(result.stderr, /bug in torale/);
});

Deno.test("a write refuses to replace a symlinked config.json, or to write through it", async () => {
  const { store } = await tempStore();
  const target = join(store.dir, "..", "dotfiles.json");
  await Deno.writeTextFile(target, JSON.stringify({ timeout: 7 }), { mode: 0o600 });
  await Deno.symlink(target, store.path);
  for (const change of [(raw: object) => ({ ...raw, timeout: 8 }), () => null]) {
    await assert.rejects(() => store.update(change), (error: unknown) => {
      assert(error instanceof ConfigError);
      assert.match(error.message, /^Refusing to write .*config\.json: it is a symbolic link to /);
      assert.match(error.message, /dotfiles\.json$/);
      assert.match(error.hints.join("\n"), /Replace the link with a copy of its target: rm /);
      return true;
    });
  }
  assert((await Deno.lstat(store.path)).isSymlink);
  assert.equal(await Deno.readTextFile(target), JSON.stringify({ timeout: 7 }));
});

/** Mounts a 64 KiB tmpfs on a new directory, or returns undefined where that is not allowed. */
async function mountSmallDisk(): Promise<string | undefined> {
  if (Deno.build.os !== "linux" || Deno.uid() !== 0) return undefined;
  const dir = await Deno.makeTempDir({ prefix: "torale-full-" });
  const args = ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir];
  const mounted = await new Deno.Command("mount", { args, stdout: "null", stderr: "null" })
    .output().catch(() => undefined);
  return mounted?.success ? dir : undefined;
}

async function unmount(dir: string): Promise<void> {
  const unmounted = await new Deno.Command("umount", { args: [dir] }).output();
  assert(unmounted.success, `could not unmount ${dir}`);
}

// Mounting needs root with CAP_SYS_ADMIN; elsewhere the test is ignored, not passed. The
// probe unmounts at once, so that nothing stays mounted when the test is filtered out.
const probe = await mountSmallDisk();
if (probe) await unmount(probe);

Deno.test({
  name: "a full disk is a clear error; the old file stays and no temporary file is left",
  ignore: probe === undefined,
  async fn() {
    const disk = await mountSmallDisk();
    assert(disk);
    try {
      const store = new ConfigStore(join(disk, ".torale"), { warn() {} });
      await store.update(() => ({ timeout: 5, team: "x" }));
      const before = await Deno.readTextFile(store.path);
      const padding = "x".repeat(128 * 1024);
      await assert.rejects(() => store.update((raw) => ({ ...raw, padding })), (error: unknown) => {
        assert(error instanceof ConfigError, String(error));
        assert.equal(error.message, `Could not write ${store.path}: the disk is full`);
        assert.match(error.hints.join("\n"), /^The config file was not changed\. Free some space/);
        return true;
      });
      assert.equal(await Deno.readTextFile(store.path), before);
      const names = [];
      for await (const entry of Deno.readDir(store.dir)) names.push(entry.name);
      assert.deepEqual(names, ["config.json"]);
    } finally {
      await unmount(disk);
    }
  },
});
