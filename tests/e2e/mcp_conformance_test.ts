/**
 * The official MCP conformance suite (`@modelcontextprotocol/conformance`, locked in deno.json,
 * run offline from node_modules under Deno) against the Streamable HTTP server, through a
 * loopback relay that adds the bearer token the suite cannot send (tests/helpers/mcp_relay.ts).
 *
 * The server under test is SERVER below: `torale mcp serve --http` itself, talking to a local
 * API started here with --noauth. It prints the endpoint and the token on stderr and stops on
 * SIGINT.
 */
import assert from "node:assert/strict";
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { ENTRY } from "../helpers/cli.ts";
import { startServer, stopServer } from "../helpers/local_api_process.ts";
import { startRelay } from "../helpers/mcp_relay.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

/** How the server under test starts (Deno's arguments): `torale mcp serve --http` itself. */
const SERVER = [
  "run",
  "-q",
  ...cliPermissionFlags(),
  ENTRY,
  "mcp",
  "serve",
  "--http",
  "127.0.0.1:0",
];

/**
 * The scenarios run, each by its name in `conformance list --server`: those that hold any server
 * to the protocol and the transport. The others call the suite's own reference tools, resources
 * and prompts (`test_image_content`, `test://static-text`, `test_simple_prompt`...) or need what
 * the server does not offer (prompts, completion, logging, subscriptions, sampling, elicitation);
 * docs/guide/agents.md says why each does not apply (held by the last test here).
 */
const SCENARIOS = [
  "server-initialize",
  "ping",
  "tools-list",
  "resources-list",
  "dns-rebinding-protection",
  // Concurrent POST requests, each answered on its own event stream: our chunked streaming.
  "server-sse-multiple-streams",
];

/** The endpoint and token the server prints at start. */
const ENDPOINT = /(http:\/\/127\.0\.0\.1:(\d+)\/\S*)/;
const TOKEN = /token:?\s+(\S+)/i;

/** Spawns the server; resolves once it has printed the endpoint and the token (either stream). */
async function start(command: Deno.Command) {
  const child = command.spawn();
  let banner = "";
  let open = 2;
  let changed = Promise.withResolvers<void>();
  // Read all along, so that the server never blocks on a full pipe.
  for (const stream of [child.stdout, child.stderr]) {
    (async () => {
      for await (const text of stream.pipeThrough(new TextDecoderStream())) {
        banner += text;
        changed.resolve();
      }
      open--;
      changed.resolve();
    })();
  }
  while (!(ENDPOINT.test(banner) && TOKEN.test(banner))) {
    if (open === 0) throw new Error(`the server ended before printing its endpoint:\n${banner}`);
    await changed.promise;
    changed = Promise.withResolvers<void>();
  }
  return { child, banner };
}

/** Runs one scenario of the suite against `url`; its exit code and output. */
async function conformance(url: string, scenario: string, outDir: string) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--frozen",
      "npm:@modelcontextprotocol/conformance@0.1.16",
      "server",
      "--url",
      url,
      "--scenario",
      scenario,
      "--output-dir",
      outDir,
    ],
    cwd: ROOT,
    // Offline: the suite comes from the lockfile and node_modules, never from the registry.
    env: { NPM_CONFIG_REGISTRY: "http://127.0.0.1:9/" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, output: decode(stdout) + decode(stderr) };
}

Deno.test({
  name: "the MCP conformance suite passes its scenarios that apply against the HTTP server",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const api = await startServer(":memory:", ["--noauth"]);
  const home = await Deno.makeTempDir();
  const server = await start(
    new Deno.Command(Deno.execPath(), {
      args: SERVER,
      cwd: ROOT,
      clearEnv: true,
      env: { HOME: home, TORALE_API_URL: api.url, TORALE_NOAUTH: "1", NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }),
  );
  const relay = startRelay(
    { port: Number(ENDPOINT.exec(server.banner)![2]) },
    TOKEN.exec(server.banner)![1],
  );
  try {
    for (const scenario of SCENARIOS) {
      const { code, output } = await conformance(relay.url, scenario, `${home}/results`);
      assert.equal(code, 0, `${scenario}:\n${output}`);
      assert.match(output, /Passed: (\d+)\/\1, 0 failed/, `${scenario}:\n${output}`);
    }
    // Straight to the server, without the relay's token: the suite's client is refused.
    const direct = await conformance(ENDPOINT.exec(server.banner)![1], "ping", `${home}/results`);
    assert.notEqual(direct.code, 0, direct.output);
  } finally {
    await relay.close();
    server.child.kill("SIGINT");
    await server.child.status;
    await stopServer(api);
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("the agents guide names every scenario of the suite: those run, and why each other does not apply", async () => {
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--frozen",
      "npm:@modelcontextprotocol/conformance@0.1.16",
      "list",
      "--server",
    ],
    cwd: ROOT,
    env: { NPM_CONFIG_REGISTRY: "http://127.0.0.1:9/" },
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).output();
  assert.equal(code, 0);
  const listed = [...new TextDecoder().decode(stdout).matchAll(/^\s*- ([a-z0-9-]+)/gm)]
    .map(([, name]) => name);
  assert.ok(listed.length > SCENARIOS.length, "the suite lists its scenarios");
  const guide = await Deno.readTextFile(`${ROOT}docs/guide/agents.md`);
  const [ran, rest] = guide.split(/other \d+ server scenarios do not apply/);
  assert.ok(rest, "the guide says which scenarios do not apply");
  for (const scenario of SCENARIOS) assert.ok(ran.includes(`\`${scenario}\``), scenario);
  const others = listed.filter((name) => !SCENARIOS.includes(name));
  assert.match(guide, new RegExp(`other ${others.length} server scenarios do not apply`));
  for (const scenario of others) {
    assert.match(rest, new RegExp(`\`${scenario}\`[^\\n]*?[,:]`), `${scenario} is explained`);
  }
});
