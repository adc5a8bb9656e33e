/**
 * The release bundle (scripts/build.ts) is the program the binaries embed:
 * it must build, load nothing at start-up, and pass the same end-to-end
 * suites as main.ts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { build, checkBundle, MCP_SERVER_STRINGS } from "../../scripts/build.ts";
import { denoDir } from "../../scripts/deno_dir.ts";

/** The flags `deno task test` passes to `deno test` (its permissions). */
async function testTaskFlags(root: string): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(join(root, "deno.json")));
  const command = /deno test (.*)$/.exec(config.tasks.test)?.[1] ?? "";
  const flags = command.split(" ").filter((word) => word.startsWith("--"));
  assert(flags.includes("--no-prompt"), `unexpected test task: ${config.tasks.test}`);
  return flags;
}

Deno.test("the built bundle passes the seed, artifact, prompt, proxy, monitors, local API and MCP suites", async () => {
  // Inside the project, like dist/torale.js: the packages loaded by name
  // resolve through deno.json's import map, which Deno finds from the entry.
  const root = join(import.meta.dirname!, "..", "..");
  await Deno.mkdir(join(root, "dist"), { recursive: true });
  const dir = await Deno.makeTempDir({ dir: join(root, "dist"), prefix: "test-bundle-" });
  try {
    const bundle = join(dir, "torale.js");
    assert.equal(await build(bundle), 0, "the bundle builds");
    const code = await Deno.readTextFile(bundle);
    assert.deepEqual(checkBundle(code), []);
    assert(
      code.includes("All subsequent inputs should be interpreted as arguments"),
      "@stricli/core (its help text) is inlined, not imported",
    );
    // The local API is a bundle of its own, loaded only by `torale local-api`: no other
    // command reads hono or the local API's code.
    assert(!code.includes('"@@TORALE_LOCAL_API@@"'), "the local API marker is replaced");
    assert(code.includes('"./torale-local-api.js"'));
    const localApi = await Deno.readTextFile(join(dir, "torale-local-api.js"));
    assert.match(localApi, /from\s*"node:sqlite"/);
    assert(!code.includes("node:sqlite"), "node:sqlite is not in the CLI's bundle");
    // So is the MCP server (src/mcp/), loaded only by `torale mcp serve`, which the MCP suite
    // below runs through it; its help stays in the CLI's bundle.
    assert(!code.includes('"@@TORALE_MCP@@"'), "the MCP server marker is replaced");
    assert(code.includes('"./torale-mcp.js"'));
    assert(code.includes("torale mcp serve --read-only"), "torale mcp's help is in the bundle");
    const mcp = await Deno.readTextFile(join(dir, "torale-mcp.js"));
    for (const text of MCP_SERVER_STRINGS) {
      assert(mcp.includes(text), `the MCP server's bundle has ${JSON.stringify(text)}`);
      assert(!code.includes(text), `the CLI's bundle has the MCP server's ${JSON.stringify(text)}`);
    }
    // The MCP SDK and zod are loaded by name, only by `torale mcp`: neither is inlined.
    assert(!code.includes("notifications/initialized"), "the MCP SDK is not in the bundle");
    assert(!code.includes("$ZodObject"), "zod is not in the bundle");
    assert(!mcp.includes("notifications/initialized") && !mcp.includes("$ZodObject"));
    // The root help page is pre-rendered into the bundle, and is the page main.ts renders.
    assert(!code.includes('"@@TORALE_ROOT_HELP@@"'), "the root help marker is replaced");
    const help = async (entry: string, word: string) => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-q", "--allow-all", entry, word],
        env: { NO_COLOR: "1", HOME: dir },
        stdout: "piped",
      }).output();
      assert.equal(out.code, 0);
      return new TextDecoder().decode(out.stdout);
    };
    const fromSource = await help(join(root, "main.ts"), "--help");
    assert.match(fromSource, /^torale: .+\n\nUSAGE\n {2}torale <command>/);
    assert.match(fromSource, /\nCORE COMMANDS\n {2}task /);
    for (const word of ["--help", "-h", "help"]) assert.equal(await help(bundle, word), fromSource);

    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "test",
        ...await testTaskFlags(root),
        "tests/e2e/seed_test.ts",
        "tests/e2e/artifact_test.ts",
        "tests/e2e/prompt_test.ts",
        "tests/e2e/proxy_test.ts",
        "tests/e2e/monitors_test.ts",
        "tests/e2e/local_api_test.ts",
        "tests/e2e/mcp_stdio_test.ts",
      ],
      cwd: root,
      env: { TORALE_ENTRY: bundle, DENO_DIR: await denoDir(), NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, text);
    const summary = /^ok \| (\d+) passed(?: \(\d+ steps?\))? \| 0 failed/m.exec(text);
    assert(summary && Number(summary[1]) >= 10, `the suites ran:\n${text}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
