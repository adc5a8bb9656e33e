/**
 * `torale local-api` as a user meets it: started on a free port with a temp HOME, it prints
 * its URL and the next commands; those commands, run word for word by a shell with `torale`
 * on PATH, save a key and list tasks. `create-key` names the keys it revokes.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { cleanEnv } from "../../scripts/clean_env.ts";
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { assertNoSecrets, ENTRY, tempHome, TORALE_BIN } from "../helpers/cli.ts";
import {
  type ServerProcess,
  startProcess,
  stopServer,
  toraleLocalApi,
} from "../helpers/local_api_process.ts";

const windows = Deno.build.os === "windows";

/** A folder with a `torale` on it that runs this checkout (or TORALE_BIN) as installed. */
async function toraleOnPath(home: string): Promise<string> {
  const bin = join(home, "bin");
  await Deno.mkdir(bin);
  const words = TORALE_BIN
    ? [TORALE_BIN]
    : [Deno.execPath(), "run", "-q", ...cliPermissionFlags(), ENTRY];
  const quoted = words.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(" ");
  await Deno.writeTextFile(join(bin, "torale"), `#!/bin/sh\nexec ${quoted} "$@"\n`, {
    mode: 0o755,
  });
  return bin;
}

/** The commands the banner says to run next, as printed. */
function nextCommands(banner: string): string[] {
  const after = banner.split("Next, in another terminal:\n")[1];
  assert.ok(after, `no next commands in: ${banner}`);
  return after.split("\n").filter((line) => line.startsWith("  ")).map((line) => line.trim());
}

/** Runs `line` with sh in `env`; the checkout is the working folder, as for a clone's user. */
async function shell(line: string, env: Record<string, string>) {
  const output = await new Deno.Command("sh", {
    args: ["-c", `set -e; ${line}`],
    cwd: env.HOME,
    clearEnv: true,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: output.code,
    stdout: new TextDecoder().decode(output.stdout),
    stderr: new TextDecoder().decode(output.stderr),
  };
}

/** A user's environment: a temp HOME with `torale` on PATH. */
async function userEnv(): Promise<Record<string, string>> {
  const home = await tempHome();
  const bin = await toraleOnPath(home);
  return await cleanEnv({ HOME: home, NO_COLOR: "1", PATH: `${bin}:${Deno.env.get("PATH")}` });
}

/** Starts `torale local-api` with `args` on a free port, in `env`. */
async function start(args: string[], env: Record<string, string>): Promise<ServerProcess> {
  return await startProcess(toraleLocalApi(["--port", "0", ...args], env));
}

Deno.test({
  name:
    "torale local-api prints its URL and next commands that work as printed, then stops on Ctrl-C",
  ignore: windows,
  async fn() {
    const env = await userEnv();
    const server = await start([], env);
    try {
      const banner = await server.until(/Next, in another terminal:\n(.*\n){2}/, "stderr");
      assert.match(
        banner,
        /^Local Torale API \(current\) on http:\/\/127\.0\.0\.1:\d+ · Ctrl-C stops it$/m,
      );
      assert.ok(
        banner.includes(`Database: ${join(env.HOME, ".torale", "local-api", "torale.db")}`),
      );
      assert.equal((await Deno.stat(join(env.HOME, ".torale", "local-api"))).mode! & 0o777, 0o700);
      assert.equal(
        (await Deno.stat(join(env.HOME, ".torale", "local-api", "torale.db"))).mode! & 0o777,
        0o600,
      );
      const [saveKey, listTasks, ...rest] = nextCommands(banner);
      assert.deepEqual(rest, []);
      assert.ok(saveKey.includes(server.url), "the key is saved for this server's URL");

      const saved = await shell(saveKey, env);
      assert.equal(saved.code, 0, saved.stderr);
      assert.match(saved.stderr, /Created key "CLI Key" for you@example\.com/);
      assert.match(saved.stdout, /Authenticated as you@example\.com/);
      const listed = await shell(listTasks, env);
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(await server.until(/GET \/api\/v1\/tasks\/ 200/), /GET \/auth\/me 200/);
    } finally {
      assert.equal((await stopServer(server)).code, 130);
    }
    assert.match(await server.until(/Stopped/, "stderr"), /Stopped the local API\.\n$/);
  },
});

Deno.test({
  name: "torale local-api create-key prints only the key and names on stderr the keys it revoked",
  ignore: windows,
  async fn() {
    const env = await userEnv();
    const db = join(env.HOME, "it's here", "torale.db");
    const server = await start(["--db", db], env);
    try {
      const banner = await server.until(/Next, in another terminal:\n(.*\n){2}/, "stderr");
      const [saveKey] = nextCommands(banner);
      // A database of one's own is named in the printed command, quoted for the shell.
      assert.ok(saveKey.includes(`--db '${join(env.HOME, "it'\\''s here", "torale.db")}'`));
      assert.equal((await shell(saveKey, env)).code, 0);

      const mint = (name: string) =>
        toraleLocalApi(
          ["create-key", "--email", "you@example.com", "--name", name, "--db", db],
          env,
        )
          .output();
      const first = await mint("Laptop");
      const firstKey = new TextDecoder().decode(first.stdout).trim();
      assert.match(firstKey, /^sk_[\w-]{43}$/, "stdout is the key alone");
      const second = await mint("Desktop");
      const secondKey = new TextDecoder().decode(second.stdout).trim();
      const stderr = new TextDecoder().decode(second.stderr);
      assert.equal(second.code, 0, stderr);
      assert.match(secondKey, /^sk_[\w-]{43}$/);
      assert.equal(
        stderr,
        `Revoked key "Laptop" (${firstKey.slice(0, 15)}...) of you@example.com\n` +
          `Created key "Desktop" for you@example.com; it is shown only once:\n`,
      );
      assertNoSecrets({ code: 0, stdout: "", stderr }, [firstKey, secondKey]);
      const me = (key: string) =>
        fetch(`${server.url}/auth/me`, { headers: { Authorization: `Bearer ${key}` } });
      const revoked = await me(firstKey);
      await revoked.body?.cancel();
      assert.equal(revoked.status, 401, "the revoked key no longer works");
      const current = await me(secondKey);
      assert.equal((await current.json()).email, "you@example.com");
    } finally {
      await stopServer(server);
    }
  },
});

Deno.test({
  name: "torale local-api --noauth prints a next command that works without a key",
  ignore: windows,
  async fn() {
    const env = await userEnv();
    const server = await start(["--db", ":memory:", "--noauth", "--generation", "classic"], env);
    try {
      const banner = await server.until(/Next, in another terminal:\n.*\n/, "stderr");
      assert.match(banner, /Database: in memory, forgotten on exit/);
      const [list, ...rest] = nextCommands(banner);
      assert.deepEqual(rest, []);
      const listed = await shell(list, env);
      assert.equal(listed.code, 0, listed.stderr);
    } finally {
      await stopServer(server);
    }
  },
});

Deno.test({
  name: "torale local-api warns when it listens beyond loopback, and loudest with --noauth",
  ignore: windows,
  async fn() {
    const env = await userEnv();
    const server = await start(["--db", ":memory:", "--noauth", "--host", "0.0.0.0"], env);
    try {
      const banner = await server.until(/Next, in another terminal:\n.*\n/, "stderr");
      assert.match(
        banner,
        /Warning: --noauth on 0\.0\.0\.0: anyone who can reach this machine can use this API without a key/,
      );
    } finally {
      await stopServer(server);
    }
  },
});
