import assert from "node:assert/strict";
import { join } from "node:path";
import {
  binaryName,
  bundlePath,
  compile,
  compileArgs,
  explainFailure,
  packageName,
  parseCompileArgs,
  targetOs,
  TARGETS,
  unusedAddons,
} from "../../scripts/compile.ts";
import {
  BINARY_OPENERS,
  binaryPermissionFlags,
  CLI_ENV_VARS,
  cliPermissionFlags,
  installPermissionFlags,
} from "../../scripts/permissions.ts";
import { openerProgram } from "../../src/system/browser.ts";
import { sha256Hex } from "../../scripts/hash.ts";
import { VERSION } from "../../src/version.ts";

const ROOT = join(import.meta.dirname!, "..", "..");

Deno.test("compile arguments for every target: target, output, permissions, entry point", () => {
  for (const target of TARGETS) {
    const args = compileArgs(target, "/out");
    assert.deepEqual(args.slice(0, 5), [
      "compile",
      "--target",
      target,
      "--output",
      join("/out", binaryName(target)),
    ]);
    const flags = binaryPermissionFlags(targetOs(target));
    assert.deepEqual(args.slice(5, 5 + flags.length), flags);
    const rest = args.slice(5 + flags.length);
    assert.deepEqual(rest.slice(0, 2), ["--config", join(ROOT, "deno.json")]);
    assert.deepEqual(rest.slice(2), [
      "--include",
      join(ROOT, "src", "packages_embed.ts"),
      "--include",
      join("/out", "torale-local-api.js"),
      "--include",
      join("/out", "torale-mcp.js"),
      bundlePath("/out"),
    ]);
    assert.equal(bundlePath("/out"), join("/out", "torale.js"));
    assert(!args.includes("--no-check"));
  }
  assert.equal(binaryName("x86_64-pc-windows-msvc"), "torale-x86_64-pc-windows-msvc.exe");
  assert.equal(binaryName("aarch64-apple-darwin"), "torale-aarch64-apple-darwin");
});

Deno.test("binaries get the same permissions as deno task torale, files unscoped, one opener", () => {
  const scoped = cliPermissionFlags();
  const scopedOrQuiet = /^--allow-(read|write|ffi|run)|^-q$/;
  for (const target of TARGETS) {
    const baked = binaryPermissionFlags(targetOs(target));
    const unscopedPermissions = (flags: string[]) => flags.filter((f) => !scopedOrQuiet.test(f));
    assert.deepEqual(unscopedPermissions(baked), unscopedPermissions(scoped));
    assert(baked.includes("--no-prompt"));
    assert(!baked.some((f) => /--allow-(sys|all)|^-A$/.test(f)));
    // The OS credential store's addon is the one native library: ffi, nothing wider.
    assert(baked.includes("--allow-ffi"));
    // The one program a binary may start is its OS's browser opener: no other program, no
    // shell, not every program (a bare --allow-run).
    const run = baked.filter((f) => f.startsWith("--allow-run"));
    assert.deepEqual(run, [`--allow-run=${BINARY_OPENERS[targetOs(target)]}`], target);
    assert.equal(
      BINARY_OPENERS[targetOs(target)].split(/[\\/]/).at(-1),
      openerProgram(targetOs(target)),
    );
  }
  assert.deepEqual(
    TARGETS.map((target) => binaryPermissionFlags(targetOs(target)).at(-1)),
    [
      "--allow-run=/usr/bin/xdg-open",
      "--allow-run=/usr/bin/xdg-open",
      "--allow-run=/usr/bin/open",
      "--allow-run=/usr/bin/open",
      "--allow-run=rundll32",
    ],
  );
  assert(scoped.includes("--allow-ffi=./node_modules"));
});

Deno.test("deno run of the CLI may start the browser openers and no other program, quietly", () => {
  for (const flags of [cliPermissionFlags(), installPermissionFlags()]) {
    const run = flags.filter((f) => f.startsWith("--allow-run"));
    assert.deepEqual(run, ["--allow-run=xdg-open,open,rundll32"]);
    // Exactly the programs browser.ts starts, one per OS.
    const openers = (["linux", "darwin", "windows"] as const).map(openerProgram);
    assert.deepEqual(run[0].slice("--allow-run=".length).split(","), openers);
    // An opener missing at start-up is a note from Deno on every run unless -q.
    assert.equal(flags[0], "-q");
    assert(!flags.some((f) => /--allow-(sys|all)|^-A$/.test(f)));
  }
  // Never in CI: an unreadable CI would count as unset, and a terminal in CI would open one.
  assert(CLI_ENV_VARS.includes("CI"));
});

Deno.test("deno task torale uses exactly the shared permission flags, quietly", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  // -q (first of the shared flags): Deno's "Download …" lines and progress bars would mix with
  // the CLI's own output.
  const expected = `deno run ${cliPermissionFlags().join(" ")} main.ts`;
  assert.equal(config.tasks.torale, expected);
});

Deno.test("the README's deno install line uses the shared flags, ffi unscoped", async () => {
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const flags = installPermissionFlags().join(" ");
  // The block's lines joined where they end in a backslash, as a shell reads them.
  const joined = readme.replace(/ \\\n\s*/g, " ");
  assert(
    joined.includes(`deno install --global --name torale ${flags} --config deno.json main.ts`),
  );
});

Deno.test("the unused musl keyring addon and the checks' own packages are left out of binaries", async () => {
  const root = await Deno.makeTempDir();
  const deno = join(root, "node_modules", ".deno");
  for (
    const name of [
      "@napi-rs+keyring-linux-x64-musl@2.1.2",
      "@napi-rs+keyring-linux-x64-gnu@2.1.2",
      "@actions+workflow-parser@0.3.61",
      "cronstrue@2.61.0",
      "cronstrue@3.39.0",
      "@modelcontextprotocol+conformance@0.1.16",
      "@modelcontextprotocol+sdk@1.32.2",
      "@octokit+plugin-paginate-rest@14.0.0",
      "content-type@1.0.5",
      "content-type@3.1.1",
    ]
  ) {
    await Deno.mkdir(join(deno, name), { recursive: true });
  }
  const musl = join(deno, "@napi-rs+keyring-linux-x64-musl@2.1.2");
  const parser = join(deno, "@actions+workflow-parser@0.3.61");
  const cronstrue2 = join(deno, "cronstrue@2.61.0");
  const suite = join(deno, "@modelcontextprotocol+conformance@0.1.16");
  const octokit = join(deno, "@octokit+plugin-paginate-rest@14.0.0");
  const contentType3 = join(deno, "content-type@3.1.1");
  const excludes = await unusedAddons(root);
  // The workflow check's and the conformance suite's own packages are the tests' alone; the
  // CLI's cronstrue 3, MCP SDK and content-type 1 stay.
  assert.deepEqual(excludes, [
    parser,
    join(parser, "node_modules", "@actions", "workflow-parser"),
    suite,
    join(suite, "node_modules", "@modelcontextprotocol", "conformance"),
    musl,
    join(musl, "node_modules", "@napi-rs", "keyring-linux-x64-musl"),
    octokit,
    join(octokit, "node_modules", "@octokit", "plugin-paginate-rest"),
    contentType3,
    join(contentType3, "node_modules", "content-type"),
    cronstrue2,
    join(cronstrue2, "node_modules", "cronstrue"),
  ]);
  const args = compileArgs("x86_64-unknown-linux-gnu", "/out", excludes);
  assert.equal(args.at(-1), bundlePath("/out"));
  assert.deepEqual(args.slice(-25, -1), excludes.flatMap((path) => ["--exclude", path]));
  assert.deepEqual(await unusedAddons(join(root, "nowhere")), []);
  await Deno.remove(root, { recursive: true });
});

/** The lockfile's npm packages (folder names of node_modules/.deno) and their dependencies. */
async function lockedPackages(): Promise<Map<string, string[]>> {
  const lock = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.lock")));
  const keys = Object.keys(lock.npm);
  // "name@1.2.3_peer@4" is the folder "name@1.2.3"; a dependency is "name" when one version is locked.
  const folder = (key: string) => key.replace(/_.*$/, "").replace("/", "+");
  const resolve = (dependency: string) =>
    keys.find((key) => key === dependency || key.startsWith(`${dependency}_`)) ??
      keys.find((key) => packageName(folder(key)) === dependency)!;
  return new Map(keys.map((key) => {
    const entry = lock.npm[key];
    const dependencies = [...entry.dependencies ?? [], ...entry.optionalDependencies ?? []];
    return [folder(key), dependencies.map((dependency: string) => folder(resolve(dependency)))];
  }));
}

Deno.test("binaries leave out exactly the packages only the checks and the conformance suite reach", async () => {
  const graph = await lockedPackages();
  const reach = (roots: string[]) => {
    const seen = new Set<string>();
    for (const stack = [...roots]; stack.length;) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...graph.get(next) ?? []);
    }
    return seen;
  };
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const roots = (Object.values(config.imports) as string[]).map((spec) =>
    spec.replace(/^npm:/, "").replace(/\/inline$/, "").replace("/", "+")
  );
  const devRoots = roots.filter((root) => /workflow-parser|conformance/.test(root));
  assert.equal(devRoots.length, 2);
  const cli = reach(roots.filter((root) => !devRoots.includes(root)));
  const devOnly = [...reach(devRoots)].filter((name) => !cli.has(name));
  assert.ok(devOnly.includes("undici@7.30.3"), "the suite's HTTP client is the suite's alone");

  const root = await Deno.makeTempDir();
  for (const name of graph.keys()) {
    await Deno.mkdir(join(root, "node_modules", ".deno", name), { recursive: true });
  }
  const excluded = (await unusedAddons(root))
    .map((path) => path.slice(join(root, "node_modules", ".deno").length + 1))
    .filter((name) => !name.includes("/") && !/keyring-linux-.*-musl/.test(name));
  assert.deepEqual(excluded.sort(), devOnly.sort());
  await Deno.remove(root, { recursive: true });
});

Deno.test("compile's arguments: one --target, bad targets refused, version check", () => {
  assert.deepEqual(parseCompileArgs([]).targets, [...TARGETS]);
  assert.deepEqual(parseCompileArgs(["--target", "aarch64-apple-darwin"]).targets, [
    "aarch64-apple-darwin",
  ]);
  assert.deepEqual(parseCompileArgs(["--target=x86_64-apple-darwin"]).targets, [
    "x86_64-apple-darwin",
  ]);
  assert.throws(
    () => parseCompileArgs(["--target", "sparc-sun-solaris"]),
    /unknown target "sparc-sun-solaris"/,
  );
  assert.throws(() => parseCompileArgs(["--target"]), /needs a value/);
  assert.equal(parseCompileArgs(["--expect-version", "v1.2.3"]).expectVersion, "1.2.3");
});

Deno.test("a blocked runtime download and a bad DENORT_BIN are explained in one line", () => {
  const blocked = explainFailure(
    "x86_64-unknown-linux-gnu",
    "0: Setting up base binary.\n1: error sending request for url (…/denort-x86_64-unknown-linux-gnu.zip): dns error",
  );
  assert.match(
    blocked,
    /could not download the Deno runtime \(denort\) for x86_64-unknown-linux-gnu/,
  );
  assert.match(blocked, /DENORT_BIN/);
  assert.match(
    explainFailure("x86_64-apple-darwin", "Could not find denort at '/nope'"),
    /DENORT_BIN does not point at a denort binary/,
  );
});

Deno.test("compile refuses a tag that does not match src/version.ts", async () => {
  const code = await compile({
    targets: [],
    outDir: await Deno.makeTempDir(),
    expectVersion: "99.0.0",
  });
  assert.equal(code, 1);
  assert.equal(
    await compile({ targets: [], outDir: await Deno.makeTempDir(), expectVersion: VERSION }),
    0,
  );
});

/** Runs scripts/compile.ts for linux x86_64 into `outDir` with the given DENORT_BIN. */
function runCompile(outDir: string, denortBin: string) {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../scripts/compile.ts", import.meta.url).pathname,
      "--target",
      "x86_64-unknown-linux-gnu",
      "--out-dir",
      outDir,
    ],
    env: { DENORT_BIN: denortBin },
    stdout: "piped",
    stderr: "piped",
  }).output();
}

Deno.test({
  name: "compile type-checks, honours DENORT_BIN and writes matching SHA-256 checksums",
  ignore: Deno.build.os !== "linux" || Deno.build.arch !== "x86_64",
  async fn() {
    // No real denort can be fetched here; any ELF base exercises the whole pipeline
    // (type-checked bundle, graph, embedding, checksums). The result is not runnable.
    const outDir = await Deno.makeTempDir({ prefix: "torale-dist-" });
    const output = await runCompile(outDir, Deno.execPath());
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, stderr);
    // The bundle, and every package the CLI loads by name, are embedded.
    assert.match(stderr, /torale\.js \(\d/);
    assert.match(stderr, /node_modules\/\* \(\d/);
    assert.match(stderr, /packages_embed\.ts/);
    // `torale local-api` loads the local API's own bundle, which must be inside the binary.
    assert.match(stderr, /torale-local-api\.js \(\d/);
    // And `torale mcp serve` the MCP server's.
    assert.match(stderr, /torale-mcp\.js \(\d/);
    const name = binaryName("x86_64-unknown-linux-gnu");
    const hex = await sha256Hex(await Deno.readFile(join(outDir, name)));
    assert.equal(await Deno.readTextFile(join(outDir, `${name}.sha256`)), `${hex}  ${name}\n`);
    assert.equal(await Deno.readTextFile(join(outDir, "SHA256SUMS")), `${hex}  ${name}\n`);
    await Deno.remove(outDir, { recursive: true });
  },
});

Deno.test("compile with a missing DENORT_BIN fails with a clear message", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "torale-dist-" });
  const output = await runCompile(outDir, join(outDir, "no-such-denort"));
  assert.equal(output.code, 1);
  assert.match(
    new TextDecoder().decode(output.stderr),
    /Error: DENORT_BIN does not point at a denort binary/,
  );
});
