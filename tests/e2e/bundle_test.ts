/**
 * The release bundle (scripts/build.ts) is the program the binaries embed:
 * it must build, load nothing at start-up, and pass the same end-to-end
 * suites as main.ts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { build, bundleArgs, checkBundle } from "../../scripts/build.ts";
import { denoDir } from "../../scripts/deno_dir.ts";

Deno.test("the bundle is type-checked, keeps node:* outside and starts from main.ts", () => {
  const args = bundleArgs("/out/torale.js");
  assert.equal(args[0], "bundle");
  assert(args.includes("--check"), "the bundle is type-checked");
  assert.equal(args[args.indexOf("--external") + 1], "node:*");
  assert.equal(args[args.indexOf("--output") + 1], "/out/torale.js");
  assert.match(args[args.length - 1], /main\.ts$/);
});

Deno.test("checkBundle refuses anything the bundle would load at start-up", () => {
  assert.deepEqual(
    checkBundle('var a = 1;\nawait import("node:process");\nawait import(name);\n'),
    [],
  );
  const problems = checkBundle(
    [
      'import process from "node:process";',
      'import "./side-effect.js";',
      'import {\n  stringify\n} from "yaml";',
      'export { run } from "./run.js";',
      'const m = await import("npm:yaml");',
      "const help = `import from a template literal is fine`;",
    ].join("\n"),
  );
  assert.equal(problems.length, 5, problems.join("\n"));
  assert.match(problems[0], /^line 1: a static import is evaluated on every run/);
  assert.match(problems[1], /^line 2: /);
  assert.match(problems[2], /^line 3: /);
  assert.match(problems[3], /^line 6: /);
  assert.equal(problems[4], 'an unexpected dynamic import: import("npm:yaml")');
});

/** The flags `deno task test` passes to `deno test` (its permissions). */
async function testTaskFlags(root: string): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(join(root, "deno.json")));
  const command = /deno test (.*)$/.exec(config.tasks.test)?.[1] ?? "";
  const flags = command.split(" ").filter((word) => word.startsWith("--"));
  assert(flags.includes("--no-prompt"), `unexpected test task: ${config.tasks.test}`);
  return flags;
}

Deno.test("the built bundle passes the seed, artifact, prompt and proxy suites", async () => {
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
    assert(code.includes("proposeCompletions"), "@stricli/core is inlined, not imported");

    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "test",
        ...await testTaskFlags(root),
        "tests/e2e/seed_test.ts",
        "tests/e2e/artifact_test.ts",
        "tests/e2e/prompt_test.ts",
        "tests/e2e/proxy_test.ts",
      ],
      cwd: root,
      env: { TORALE_ENTRY: bundle, DENO_DIR: await denoDir(), NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, text);
    const summary = /^ok \| (\d+) passed \| 0 failed/m.exec(text);
    assert(summary && Number(summary[1]) >= 10, `the suites ran:\n${text}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
