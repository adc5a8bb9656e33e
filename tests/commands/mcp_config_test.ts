/** `torale mcp config <client>`: each host's block, for each way torale runs, and no key in it. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Program } from "../../src/deps.ts";
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { ENTRY, runInProcess, tempHome } from "../helpers/cli.ts";
import { writeConfig } from "../helpers/config_file.ts";

const ROOT = join(import.meta.dirname!, "..", "..");
const KEY = "sk_" + "k".repeat(43);
const WORK_KEY = "sk_" + "w".repeat(43);

const CLIENTS = ["claude-code", "claude-desktop", "cursor", "vscode"];

/** A HOME whose config has a default key and the profile `work`. */
async function home(): Promise<string> {
  const dir = await tempHome();
  await writeConfig(dir, { api_key: KEY, profiles: { work: { api_key: WORK_KEY } } });
  return dir;
}

/** `torale mcp config <args>` as `program` started it; the server entry of the JSON printed. */
async function configOf(
  args: string[],
  options: { program?: Program; env?: Record<string, string> } = {},
) {
  const result = await runInProcess(["mcp", "config", ...args, "--json"], {
    home: await home(),
    env: options.env,
    program: options.program,
    secrets: [
      KEY,
      WORK_KEY,
      ...Object.values(options.env ?? {}).filter((value) => value.startsWith("sk_")),
    ],
  });
  assert.equal(result.code, 0, result.stderr);
  const block = JSON.parse(result.stdout);
  const servers = block.mcpServers ?? block.servers;
  return { block, server: Object.values(servers)[0] as Record<string, unknown>, result };
}

const binary: Program = {
  execPath: "/opt/torale/torale",
  mainModule: "file:///tmp/deno-compile-torale/torale.js",
  standalone: true,
  os: "linux",
};

Deno.test("mcp config prints each client's block: mcpServers for Claude and Cursor, servers for VS Code", async () => {
  const keys: Record<string, string[]> = {};
  for (const client of CLIENTS) {
    const { block, server } = await configOf([client], { program: binary });
    keys[client] = [Object.keys(block)[0], Object.keys(block[Object.keys(block)[0]])[0]];
    const stdio = { command: "/opt/torale/torale", args: ["mcp", "serve"] };
    const typed = client === "vscode" || client === "claude-code";
    assert.deepEqual(server, typed ? { type: "stdio", ...stdio } : stdio, client);
  }
  assert.deepEqual(keys, {
    "claude-code": ["mcpServers", "torale"],
    "claude-desktop": ["mcpServers", "torale"],
    cursor: ["mcpServers", "torale"],
    vscode: ["servers", "torale"],
  });
});

Deno.test("mcp config from a clone: deno run with the torale task's permissions, absolute paths", async () => {
  const { server } = await configOf(["cursor"]);
  assert.equal(server.command, Deno.execPath());
  const flags = cliPermissionFlags(join(ROOT, "node_modules"));
  // -q is the first of the shared flags.
  assert.deepEqual(server.args, [
    "run",
    ...flags,
    "--config",
    join(ROOT, "deno.json"),
    ENTRY,
    "mcp",
    "serve",
  ]);
});

Deno.test("mcp config from the installed torale names the script deno task install wrote", async () => {
  const mainModule = pathToFileURL("/home/u/.deno/lib/torale/torale.js").href;
  const program = { execPath: "/usr/bin/deno", mainModule, standalone: false, os: "linux" };
  const { server } = await configOf(["claude-desktop"], { program });
  assert.deepEqual(server, { command: "/home/u/.deno/bin/torale", args: ["mcp", "serve"] });
  const windows = await configOf(["claude-desktop"], { program: { ...program, os: "windows" } });
  assert.match(windows.server.command as string, /[\\/]bin[\\/]torale\.cmd$/);
});

Deno.test("mcp config carries --profile, --api-url and --read-only into the arguments, never a key", async () => {
  const flagged = await configOf(["vscode", "--profile", "work", "--read-only"], {
    program: binary,
  });
  assert.deepEqual(flagged.server.args, ["mcp", "serve", "--profile", "work", "--read-only"]);
  const fromEnv = await configOf(["claude-code"], {
    program: binary,
    env: { TORALE_PROFILE: "work", TORALE_API_URL: "http://127.0.0.1:8000" },
  });
  assert.deepEqual(fromEnv.server.args, [
    "mcp",
    "serve",
    "--profile",
    "work",
    "--api-url",
    "http://127.0.0.1:8000",
  ]);
  // A key from the environment or a flag stays out, with a warning that says so.
  const keyed = await configOf(["cursor", "--api-key", WORK_KEY], {
    program: binary,
    env: { TORALE_API_KEY: "sk_" + "e".repeat(43) },
  });
  assert.deepEqual(keyed.server.args, ["mcp", "serve"]);
  assert.match(keyed.result.stderr, /Warning: The key from --api-key is not written/);
});

Deno.test("mcp config --name names the server in the client's config", async () => {
  const { block } = await configOf(["cursor", "--name", "torale-work"], { program: binary });
  assert.deepEqual(Object.keys(block.mcpServers), ["torale-work"]);
  const bad = await runInProcess(["mcp", "config", "cursor", "--name", "a b"], {
    home: await home(),
  });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^Error: Invalid server name "a b"/);
});

Deno.test("mcp config without --json says where the block goes, then the block itself", async () => {
  const expected: Record<string, RegExp> = {
    "claude-code": /claude mcp add --scope user torale -- \/opt\/torale\/torale mcp serve\n/,
    "claude-desktop": /claude_desktop_config\.json[\s\S]*Application Support\/Claude/,
    cursor: /~\/\.cursor\/mcp\.json/,
    vscode: /\.vscode\/mcp\.json/,
  };
  for (const client of CLIENTS) {
    const result = await runInProcess(["mcp", "config", client], {
      home: await home(),
      program: binary,
      secrets: [KEY, WORK_KEY],
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, expected[client], client);
    const json = result.stdout.slice(
      result.stdout.indexOf("\n{\n") + 1,
      result.stdout.indexOf("\n}\n") + 2,
    );
    assert.ok(JSON.parse(json).mcpServers ?? JSON.parse(json).servers, client);
    assert.match(result.stdout, /No key is written here/);
  }
});

Deno.test("mcp config refuses an unknown client (exit 2) and a script it cannot start again (exit 1)", async () => {
  const unknown = await runInProcess(["mcp", "config", "emacs"], { home: await home() });
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.stderr,
    /^Error: Unknown MCP client "emacs"\n.*claude-code, claude-desktop, cursor, vscode/,
  );
  const dir = await Deno.makeTempDir();
  const lost = await runInProcess(["mcp", "config", "cursor"], {
    home: await home(),
    program: {
      execPath: "/usr/bin/deno",
      mainModule: pathToFileURL(join(dir, "sub", "torale.js")).href,
      standalone: false,
      os: "linux",
    },
  });
  assert.equal(lost.code, 1);
  assert.match(lost.stderr, /^Error: Cannot tell how to start this torale again/);
  assert.equal(lost.stdout, "");
  await Deno.remove(dir, { recursive: true });
  const remote = await runInProcess(["mcp", "config", "cursor"], {
    home: await home(),
    program: {
      execPath: "/usr/bin/deno",
      mainModule: "https://example.com/torale.js",
      standalone: false,
      os: "linux",
    },
  });
  assert.equal(remote.code, 1);
  assert.match(
    remote.stderr,
    /^Error: Cannot tell how to start this torale again: it runs from "https:/,
  );
});

Deno.test("mcp config without --json prints a path with spaces, quotes, unicode and 'sk_' exactly", async () => {
  // A folder such as "desk_utilities" holds "sk_" and looks like a key to the masking.
  const execPath = "/Users/Ann O'Brien/desk_utilities ü/torale";
  const program: Program = { ...binary, execPath };
  const code = await runInProcess(["mcp", "config", "claude-code"], {
    home: await home(),
    program,
    secrets: [KEY, WORK_KEY],
  });
  assert.equal(code.code, 0, code.stderr);
  const line = code.stdout.split("\n").find((text) => text.includes("claude mcp add"))!;
  const quoted = `'/Users/Ann O'\\''Brien/desk_utilities ü/torale'`;
  assert.equal(line, `  claude mcp add --scope user torale -- ${quoted} mcp serve`);
  const json = code.stdout.slice(
    code.stdout.indexOf("\n{\n") + 1,
    code.stdout.indexOf("\n}\n") + 2,
  );
  assert.equal(JSON.parse(json).mcpServers.torale.command, execPath);
  // What the shell reads back from the printed line is the path itself.
  const shell = await new Deno.Command("sh", {
    args: ["-c", `printf '%s\\n' ${quoted}`],
  }).output();
  assert.equal(new TextDecoder().decode(shell.stdout), execPath + "\n");
});
