/**
 * The setup action's script (scripts/setup_action.mjs) against a fake release served from
 * 127.0.0.1: as action.yml runs it (resolve, then install, with the runner's variables), under
 * Deno and, where it is installed, under Node (what the runners use). The binary is a stand-in
 * shell script, so these run where sh does (not on Windows).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { sha256Hex } from "../../scripts/hash.ts";

const SCRIPT = new URL("../../scripts/setup_action.mjs", import.meta.url).pathname;
const KEY = "sk_setupactiontest_0123456789abcdef";
const TARGET = "x86_64-unknown-linux-gnu";
const NAME = `torale-${TARGET}`;

/** A stand-in for the binary: --version, and auth set-api-key saving stdin to KEY_FILE. */
const FAKE_BINARY = `#!/bin/sh
if [ "$1" = "--version" ]; then printf 'torale 1.2.3\\nDeno 2.9.6\\nTarget ${TARGET}\\n'; exit 0; fi
if [ "$1 $2" = "auth set-api-key" ]; then cat > "$KEY_FILE"; echo "args: $*"; echo "key in env: \${TORALE_SETUP_API_KEY:-no}"; exit 0; fi
exit 3
`;

function nodeAvailable(): boolean {
  try {
    return new Deno.Command("node", { args: ["--version"], stdout: "null" }).outputSync().success;
  } catch {
    return false;
  }
}

/** The runtimes the script is tried with: Deno here, Node where it is installed. */
const RUNTIMES: { name: string; argv: string[] }[] = [
  {
    name: "deno",
    argv: [Deno.execPath(), "run", "--no-prompt", "-q", "--allow-all", SCRIPT],
  },
  ...(nodeAvailable() ? [{ name: "node", argv: ["node", SCRIPT] }] : []),
];

/** A release server: `files` under /o/r/releases/download/v1.2.3/, latest → v1.2.3. */
function fakeRelease(files: Record<string, string>) {
  const requests: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const path = new URL(request.url).pathname;
    requests.push(path);
    if (path === "/o/r/releases/latest") {
      return new Response(null, { status: 302, headers: { location: "/o/r/releases/tag/v1.2.3" } });
    }
    const file = /^\/o\/r\/releases\/download\/v1\.2\.3\/(.+)$/.exec(path)?.[1];
    if (file && file in files) return new Response(files[file]);
    return new Response("Not Found", { status: 404 });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/o/r/releases`,
    requests,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

/** A runner's world: temp tool cache, GITHUB_OUTPUT and GITHUB_PATH files. */
async function runner() {
  const root = await Deno.makeTempDir({ prefix: "torale-setup-" });
  const files = { output: join(root, "output"), path: join(root, "path") };
  await Deno.writeTextFile(files.output, "");
  await Deno.writeTextFile(files.path, "");
  const outputs = async () =>
    Object.fromEntries(
      (await Deno.readTextFile(files.output)).split("\n").filter(Boolean).map((line) =>
        line.split(/=(.*)/s, 2)
      ),
    );
  return {
    root,
    outputs,
    path: () => Deno.readTextFile(files.path),
    env: {
      RUNNER_OS: "Linux",
      RUNNER_ARCH: "X64",
      RUNNER_TOOL_CACHE: join(root, "cache"),
      GITHUB_OUTPUT: files.output,
      GITHUB_PATH: files.path,
      TORALE_REPOSITORY: "o/r",
      KEY_FILE: join(root, "key"),
    } as Record<string, string>,
  };
}

async function setup(argv: string[], command: string, env: Record<string, string>) {
  const output = await new Deno.Command(argv[0], {
    args: [...argv.slice(1), command],
    env: { PATH: Deno.env.get("PATH") ?? "", ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const result = {
    code: output.code,
    stdout: new TextDecoder().decode(output.stdout),
    stderr: new TextDecoder().decode(output.stderr),
  };
  assert(!result.stdout.includes(KEY) && !result.stderr.includes(KEY), "the key was printed");
  return result;
}

/** resolve, then install with what resolve wrote: the two steps of action.yml. */
async function resolveAndInstall(
  argv: string[],
  world: Awaited<ReturnType<typeof runner>>,
  env: Record<string, string> = {},
) {
  const resolved = await setup(argv, "resolve", { ...world.env, ...env });
  assert.equal(resolved.code, 0, resolved.stderr);
  const { version, target, dir } = await world.outputs();
  return await setup(argv, "install", {
    ...world.env,
    ...env,
    TORALE_VERSION: version,
    TORALE_TARGET: target,
    TORALE_DIR: dir,
  });
}

const good = async () => ({
  [NAME]: FAKE_BINARY,
  SHA256SUMS: `${await sha256Hex("something else")}  torale-aarch64-apple-darwin\n${await sha256Hex(
    FAKE_BINARY,
  )}  ${NAME}\n`,
});

for (const { name, argv } of RUNTIMES) {
  Deno.test({
    name:
      `setup action (${name}): latest installed, verified, on PATH, cached, key saved from stdin`,
    ignore: Deno.build.os === "windows",
    async fn() {
      await using release = fakeRelease(await good());
      const world = await runner();
      const env = { TORALE_RELEASES_URL: release.url, TORALE_SETUP_API_KEY: KEY };
      const first = await resolveAndInstall(argv, world, env);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /torale 1\.2\.3 \(x86_64-unknown-linux-gnu\) downloaded, SHA-256/);
      const dir = join(world.root, "cache", "torale", "1.2.3", TARGET);
      const outputs = await world.outputs();
      assert.equal(outputs.version, "1.2.3");
      assert.equal(outputs.target, TARGET);
      assert.equal(outputs.dir, dir);
      assert.equal(outputs.path, join(dir, "torale"));
      assert.equal(outputs["cache-hit"], "false");
      assert.equal(await world.path(), `${dir}\n`);
      assert.equal((await Deno.stat(join(dir, "torale"))).mode! & 0o777, 0o755);
      // The key went to `torale auth set-api-key` on stdin, not in its arguments.
      assert.equal(await Deno.readTextFile(world.env.KEY_FILE), `${KEY}\n`);
      assert.match(first.stdout, /args: auth set-api-key\n/);
      // Nor in its environment: the action's input variable is not passed on.
      assert.match(first.stdout, /^key in env: no$/m);
      assert(release.requests.includes(`/o/r/releases/download/v1.2.3/${NAME}`));

      // A second job with the cache restored: checked against SHA256SUMS, not downloaded again.
      release.requests.length = 0;
      const again = await resolveAndInstall(argv, world, { TORALE_RELEASES_URL: release.url });
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /from the cache/);
      assert.equal((await world.outputs())["cache-hit"], "true");
      assert(!release.requests.includes(`/o/r/releases/download/v1.2.3/${NAME}`));
    },
  });
}

Deno.test({
  name: "setup action: a download that does not match SHA256SUMS is refused and not installed",
  ignore: Deno.build.os === "windows",
  async fn() {
    const files = await good();
    await using release = fakeRelease({ ...files, [NAME]: FAKE_BINARY + "# tampered\n" });
    const world = await runner();
    const result = await resolveAndInstall(RUNTIMES.at(-1)!.argv, world, {
      TORALE_RELEASES_URL: release.url,
      TORALE_SETUP_API_KEY: KEY,
    });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^Error: checksum mismatch for torale-x86_64-unknown-linux-gnu: SHA256SUMS says [0-9a-f]{64}, the download is [0-9a-f]{64}; the download is refused\n$/,
    );
    assert.equal(await world.path(), "", "nothing put on PATH");
    const dir = join(world.root, "cache", "torale", "1.2.3", TARGET);
    await assert.rejects(Deno.stat(join(dir, "torale")), Deno.errors.NotFound);
    await assert.rejects(Deno.stat(world.env.KEY_FILE), Deno.errors.NotFound);
    // A release without a line for the binary is refused too.
    await using bare = fakeRelease({ [NAME]: FAKE_BINARY, SHA256SUMS: "" });
    const missing = await resolveAndInstall(RUNTIMES[0].argv, world, {
      TORALE_RELEASES_URL: bare.url,
    });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^Error: SHA256SUMS of the release has no line for torale-x86/);
  },
});

Deno.test("setup action: an unknown platform gets a clear error naming the released ones", async () => {
  const world = await runner();
  for (const [os, arch] of [["Linux", "ARM"], ["FreeBSD", "X64"], ["Windows", "ARM64"]]) {
    const result = await setup(RUNTIMES[0].argv, "resolve", {
      ...world.env,
      RUNNER_OS: os,
      RUNNER_ARCH: arch,
      TORALE_RELEASES_URL: "http://127.0.0.1:9/o/r/releases",
    });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `Error: no torale binary for this runner (RUNNER_OS "${os}", RUNNER_ARCH "${arch}"); ` +
        "released for: Linux X64, Linux ARM64, macOS X64, macOS ARM64, Windows X64\n",
    );
  }
  assert.equal(await world.path(), "");
});

Deno.test("setup action: each runner gets its target; versions pinned with or without v", async () => {
  const world = await runner();
  for (
    const [os, arch, target] of [
      ["Windows", "X64", "x86_64-pc-windows-msvc"],
      ["macOS", "ARM64", "aarch64-apple-darwin"],
      ["macOS", "X64", "x86_64-apple-darwin"],
      ["Linux", "ARM64", "aarch64-unknown-linux-gnu"],
    ]
  ) {
    await Deno.writeTextFile(world.env.GITHUB_OUTPUT, "");
    // A pinned version needs no request: nothing listens on port 9.
    const result = await setup(RUNTIMES[0].argv, "resolve", {
      ...world.env,
      RUNNER_OS: os,
      RUNNER_ARCH: arch,
      TORALE_VERSION: os === "Windows" ? "v2.0.1" : "2.0.1",
      TORALE_RELEASES_URL: "http://127.0.0.1:9/o/r/releases",
    });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await world.outputs(), {
      version: "2.0.1",
      target,
      dir: join(world.root, "cache", "torale", "2.0.1", target),
    });
  }
  const bad = await setup(RUNTIMES[0].argv, "resolve", { ...world.env, TORALE_VERSION: "v1" });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^Error: version "v1" is not "latest" nor a version like 1\.2\.3\n$/);
});

Deno.test({
  name: "setup action: attestation checked with gh when asked, and a failed check refuses",
  ignore: Deno.build.os === "windows",
  async fn() {
    await using release = fakeRelease(await good());
    const world = await runner();
    const bin = join(world.root, "bin");
    await Deno.mkdir(bin);
    const log = join(world.root, "gh.log");
    // A stand-in gh: records its arguments, succeeds unless GH_FAIL is set.
    await Deno.writeTextFile(
      join(bin, "gh"),
      `#!/bin/sh\necho "$*" >> "${log}"\n[ -z "$GH_FAIL" ]\n`,
      { mode: 0o755 },
    );
    const env = {
      TORALE_RELEASES_URL: release.url,
      TORALE_VERIFY_ATTESTATION: "true",
      PATH: `${bin}:${Deno.env.get("PATH")}`,
    };
    const ok = await resolveAndInstall(RUNTIMES[0].argv, world, env);
    assert.equal(ok.code, 0, ok.stderr);
    const exe = join(world.root, "cache", "torale", "1.2.3", TARGET, "torale");
    assert.equal(await Deno.readTextFile(log), `attestation verify ${exe} --repo o/r\n`);
    await Deno.writeTextFile(world.env.GITHUB_PATH, "");
    const refused = await resolveAndInstall(RUNTIMES[0].argv, world, { ...env, GH_FAIL: "1" });
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /Error: gh attestation verify found no valid provenance for torale-x86_64-unknown-linux-gnu in o\/r\n$/,
    );
    assert.equal(await world.path(), "", "nothing put on PATH");
  },
});

Deno.test("setup action: the repository comes from where the runner put the action", async () => {
  const { repository } = await import("../../scripts/setup_action.mjs");
  const saved = ["TORALE_REPOSITORY", "GITHUB_ACTION_PATH", "GITHUB_REPOSITORY"].map((name) =>
    [name, Deno.env.get(name)] as const
  );
  try {
    Deno.env.delete("TORALE_REPOSITORY");
    Deno.env.set("GITHUB_REPOSITORY", "me/my-project");
    Deno.env.set("GITHUB_ACTION_PATH", "/home/runner/work/_actions/acme/torale/v1");
    assert.equal(repository(), "acme/torale");
    Deno.env.set("GITHUB_ACTION_PATH", "D:\\a\\_actions\\acme\\torale\\v1");
    assert.equal(repository(), "acme/torale");
    Deno.env.set("GITHUB_ACTION_PATH", "/home/runner/work/my-project/my-project");
    assert.equal(repository(), "me/my-project", "uses: ./ in the action's own repository");
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) Deno.env.delete(name);
      else Deno.env.set(name, value);
    }
  }
});
