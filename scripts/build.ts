/**
 * `deno task build [--out <file>]`: the release bundle, `dist/torale.js`.
 *
 * Every module Deno loads costs start-up time: from source, `torale --help`
 * loads 42 modules plus @stricli/core through npm resolution, and that
 * alone puts it over the 1.5× budget. The bundle is the same program as one
 * type-checked module with @stricli/core inlined; `deno task compile` embeds
 * it in the binaries, and `deno task bench` holds it to the budget.
 *
 * What stays outside the bundle, on purpose:
 * - `node:*` modules. Only `node:process` (on the prompt path) and
 *   `node:module` (to load the OS credential store's addon) are used, both
 *   imported dynamically: a static import would be hoisted to the top of
 *   the bundle and boot Node's process shim (~14 ms) on every run.
 * - yaml, croner, cronstrue, @inquirer/prompts and jq-wasm, which
 *   `importPackage` loads by name when a command needs them (see src/packages.ts). They
 *   resolve through deno.json's import map, and `deno task compile` embeds
 *   them through src/packages_embed.ts.
 *
 * The root help page is pre-rendered into the bundle ({@link withRootHelp}):
 * rendering it needs every command tree, which is most of the start-up cost
 * of `torale --help`.
 *
 * {@link checkBundle} fails the build when the bundle would load anything at
 * start-up, so a stray static import cannot slow every run unnoticed.
 */
import { dirname, join } from "node:path";
import { cleanEnv } from "./clean_env.ts";
import { cliPermissionFlags } from "./permissions.ts";

const ROOT = join(import.meta.dirname!, "..");

/** Where `deno task build` writes the bundle. */
export const BUNDLE = join(ROOT, "dist", "torale.js");

/** The `deno bundle` arguments that write the bundle to `outFile`. */
export function bundleArgs(outFile: string): string[] {
  return [
    "bundle",
    "--check",
    "--platform",
    "deno",
    "--external",
    "node:*",
    // Minified, V8 has less to read on every start: `auth status` ~10% faster (README, Performance).
    "--minify",
    "--output",
    outFile,
    join(ROOT, "main.ts"),
  ];
}

/**
 * The dynamic imports a bundle may keep: Node's process shim; `node:module` (createRequire, to
 * load the credential store's addon, only when a key is read or written); and packages by name
 * (`importPackage(name)`: an import of a variable, whatever the minifier calls it).
 */
const ALLOWED_DYNAMIC_IMPORTS = /^import\(("node:process"|"node:module"|[A-Za-z_$][\w$]*)\)$/;

/**
 * Problems that would make the bundle load more than itself at start-up:
 * static imports or re-exports (hoisted to the top, evaluated on every run),
 * and dynamic imports other than the two the CLI makes on purpose.
 */
export function checkBundle(code: string): string[] {
  const problems: string[] = [];
  for (const [i, line] of code.split("\n").entries()) {
    if (/^(import\s*[\w{*"'$]|export[\s{*])/.test(line)) {
      problems.push(`line ${i + 1}: a static import is evaluated on every run: ${line.trim()}`);
    }
  }
  for (const match of code.matchAll(/\bimport\(\s*[^)]*\)/g)) {
    if (!ALLOWED_DYNAMIC_IMPORTS.test(match[0].replace(/\s+/g, ""))) {
      problems.push(`an unexpected dynamic import: ${match[0]}`);
    }
  }
  return problems;
}

/** The string src/cli/root_help.ts leaves for the pre-rendered root help page. */
const ROOT_HELP_MARKER = '"@@TORALE_ROOT_HELP@@"';

/** `code` with the root help page in place of its marker; throws unless there is one marker. */
export function withRootHelp(code: string, page: string): string {
  const parts = code.split(ROOT_HELP_MARKER);
  if (parts.length !== 2) {
    throw new Error(`expected the root help marker once in the bundle, found ${parts.length - 1}`);
  }
  return parts.join(JSON.stringify(page));
}

/** What `torale --help` prints, run from the freshly built bundle with an empty HOME. */
async function renderRootHelp(bundle: string): Promise<string> {
  const home = await Deno.makeTempDir({ prefix: "torale-build-" });
  try {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-q", ...cliPermissionFlags(), bundle, "--help"],
      cwd: ROOT,
      clearEnv: true,
      env: await cleanEnv({ HOME: home, NO_COLOR: "1" }),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const page = new TextDecoder().decode(output.stdout);
    if (!output.success || !page.startsWith("USAGE")) {
      throw new Error(`torale --help failed: ${new TextDecoder().decode(output.stderr)}`);
    }
    return page;
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

/** Builds and checks the bundle; returns the process exit code. */
export async function build(outFile: string = BUNDLE): Promise<number> {
  await Deno.mkdir(dirname(outFile), { recursive: true });
  const output = await new Deno.Command(Deno.execPath(), {
    args: bundleArgs(outFile),
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    const text = new TextDecoder().decode(output.stdout) +
      new TextDecoder().decode(output.stderr);
    console.error(text.replace(/\nStack backtrace:[\s\S]*$/, "").trimEnd());
    console.error(
      /TS\d{4}|Type checking failed/.test(text)
        ? "Error: type check failed (building the bundle)"
        : "Error: deno bundle failed",
    );
    return 1;
  }
  const problems = checkBundle(await Deno.readTextFile(outFile));
  if (problems.length > 0) {
    for (const problem of problems) console.error(`Error: ${outFile}: ${problem}`);
    console.error(
      "Import node:* modules and lazily used packages dynamically, inside the function that needs them.",
    );
    return 1;
  }
  try {
    const page = await renderRootHelp(outFile);
    await Deno.writeTextFile(outFile, withRootHelp(await Deno.readTextFile(outFile), page));
  } catch (error) {
    console.error(`Error: pre-rendering the root help page: ${(error as Error).message}`);
    return 1;
  }
  return 0;
}

if (import.meta.main) {
  const [flag, value, ...rest] = Deno.args;
  if ((flag !== undefined && flag !== "--out") || (flag && !value) || rest.length > 0) {
    console.error("Usage: deno task build [--out <file>]");
    Deno.exit(2);
  }
  const outFile = value ?? BUNDLE;
  const code = await build(outFile);
  if (code === 0) console.error(`Built ${outFile}`);
  Deno.exit(code);
}
