/**
 * The README's `deno install` line, run as written into a temporary root,
 * gives a `torale` that works from any other folder and prints nothing but
 * its own output.
 */
import assert from "node:assert/strict";
import { initializeRequest } from "../helpers/raw_http.ts";
import { join } from "node:path";
import { cleanEnv } from "../../scripts/clean_env.ts";
import { tempHome } from "../helpers/cli.ts";

const ROOT = join(import.meta.dirname!, "..", "..");

/** The README's `deno install --global …` command, its lines joined as a shell joins them. */
async function readmeInstallLine(): Promise<string> {
  const readme = await Deno.readTextFile(join(ROOT, "README.md"));
  const block = /```bash\n(deno install --global (?:.*\\\n)*.*)\n/m.exec(readme)?.[1];
  assert(block, "the README has no deno install --global block");
  return block.replace(/ \\\n\s*/g, " ");
}

Deno.test("the README's deno install line gives a working torale on PATH", async () => {
  const home = await tempHome();
  const root = await Deno.makeTempDir({ prefix: "torale-install-" });
  // The machine's CA bundle and proxies stay: deno install may have to reach the npm registry.
  const env = await cleanEnv({
    HOME: home,
    DENO_INSTALL_ROOT: root,
    PATH: `${join(root, "bin")}:${join(Deno.execPath(), "..")}:${Deno.env.get("PATH") ?? ""}`,
    NO_COLOR: "1",
  });
  const install = await new Deno.Command("sh", {
    args: ["-c", await readmeInstallLine()],
    cwd: ROOT,
    clearEnv: true,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const installed = new TextDecoder().decode(install.stderr);
  assert.equal(install.code, 0, installed);
  assert.doesNotMatch(installed, /will be ignored/);
  const createKey = ["local-api", "create-key", "--email", "you@example.com", "--db", ":memory:"];
  for (
    const args of [
      ["--version"],
      ["config"],
      ["task", "list", "--api-url", "http://127.0.0.1:1"],
      createKey,
    ]
  ) {
    const run = await new Deno.Command("torale", {
      args,
      cwd: home,
      clearEnv: true,
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(run.stderr);
    if (args === createKey) {
      // The local API (its own modules, hono and node:sqlite) loads with these permissions too.
      assert.equal(run.code, 0, stderr);
      assert.match(new TextDecoder().decode(run.stdout), /^sk_[\w-]{43}\n$/);
    } else if (args[0] === "task") {
      // Reached the network layer: the modules and packages all loaded.
      assert.match(stderr, /^Error: No API key configured\n/);
    } else {
      assert.equal(run.code, 0, stderr);
      assert.equal(stderr, "", "only the CLI's own output");
    }
  }
  await Deno.remove(root, { recursive: true });
});

Deno.test("deno task install gives a torale that runs the bundle, nothing of the clone", async () => {
  const home = await tempHome();
  const root = await Deno.makeTempDir({ prefix: "torale-install-" });
  const env = await cleanEnv({
    HOME: home,
    PATH: `${join(root, "bin")}:${join(Deno.execPath(), "..")}:${Deno.env.get("PATH") ?? ""}`,
    NO_COLOR: "1",
  });
  const install = await new Deno.Command(Deno.execPath(), {
    args: ["task", "install", "--root", root],
    cwd: ROOT,
    clearEnv: true,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(install.code, 0, new TextDecoder().decode(install.stderr));
  // Moving or deleting the clone must not break it: the shim names no file of the clone.
  const shim = await Deno.readTextFile(join(root, "bin", "torale"));
  assert.ok(!shim.includes(ROOT), shim);
  assert.match(shim, /lib\/torale\/torale\.js/);
  const torale = async (...args: string[]) => {
    const run = await new Deno.Command("torale", {
      args,
      cwd: home,
      clearEnv: true,
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(run.stderr);
    assert.equal(run.code, 0, stderr);
    return new TextDecoder().decode(run.stdout);
  };
  assert.match(await torale("--version"), /^torale \d/);
  assert.match(await torale("config"), /api_url/);
  assert.match(
    await torale("local-api", "create-key", "--email", "you@example.com", "--db", ":memory:"),
    /^sk_[\w-]{43}\n$/,
  );
  // `torale mcp serve` loads the MCP server's bundle, installed beside the CLI's, and the MCP
  // SDK by name: an agent's first request is answered.
  assert.ok((await Deno.stat(join(root, "lib", "torale", "torale-mcp.js"))).isFile);
  const initialize = initializeRequest("install-test");
  const mcp = new Deno.Command("torale", {
    args: ["mcp", "serve", "--api-url", "http://127.0.0.1:1"],
    cwd: home,
    clearEnv: true,
    env,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = mcp.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(initialize) + "\n"));
  await writer.close();
  const served = await mcp.output();
  assert.equal(served.code, 0, new TextDecoder().decode(served.stderr));
  const answer = JSON.parse(new TextDecoder().decode(served.stdout));
  assert.equal(answer.result.serverInfo.name, "torale");
  await Deno.remove(root, { recursive: true });
});
