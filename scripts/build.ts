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
 * The local API (`torale local-api`: hono, node:sqlite and local_api/) is a bundle of its own,
 * `torale-local-api.js` beside the CLI's ({@link localApiBundlePath}), which the CLI imports by
 * a computed name only when that command runs: inlined, every other command would read it.
 * So is the MCP server (`torale mcp serve`: src/mcp/), `torale-mcp.js` ({@link mcpBundlePath}),
 * with the spec and help of `torale mcp` (and the small `mcp config`) left in the CLI's bundle.
 * Inlined, it made the CLI's bundle 36 KB larger (332 → 368 KB) and cost every command ~2 ms of
 * CPU at start-up (`--version`, 150 interleaved runs: median 92.6 → 94.8 ms; docs/development.md,
 * Performance). Its errors are its own copy's, so it tells them itself and hands back an exit
 * code (src/mcp/entry.ts).
 *
 * {@link checkBundle} fails the build when the bundle would load anything at
 * start-up, so a stray static import cannot slow every run unnoticed.
 */
import { dirname, join } from "node:path";
import { ABOUT } from "../src/cli/trees.ts";
import { cleanEnv } from "./clean_env.ts";
import { cliPermissionFlags } from "./permissions.ts";

const ROOT = join(import.meta.dirname!, "..");

/** Where `deno task build` writes the bundle. */
export const BUNDLE = join(ROOT, "dist", "torale.js");

/** The local API's bundle that goes with the CLI's bundle `outFile`: in the same folder. */
export function localApiBundlePath(outFile: string): string {
  return join(dirname(outFile), "torale-local-api.js");
}

/** The MCP server's bundle that goes with the CLI's bundle `outFile`: in the same folder. */
export function mcpBundlePath(outFile: string): string {
  return join(dirname(outFile), "torale-mcp.js");
}

/** The `deno bundle` arguments that write the bundle of `entry` (main.ts) to `outFile`. */
export function bundleArgs(outFile: string, entry = join(ROOT, "main.ts")): string[] {
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
    entry,
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
  // Minified, a static import can sit mid-line after a `;` or `}`: `…});import{x as y}from"node:url";`
  // (node:url alone boots the Node compatibility layer: ~25 ms of CPU on every run).
  for (
    const match of code.matchAll(
      /[;}][ \t]*(import\s*(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*\s*as\s*[\w$]+)?\s*from\s*["'][^"']+["'])/g,
    )
  ) {
    problems.push(`a static import is evaluated on every run: ${match[1]}`);
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

/** The string src/commands/local_api/module.ts leaves for the local API bundle's name. */
const LOCAL_API_MARKER = '"@@TORALE_LOCAL_API@@"';

/** The string src/commands/mcp/module.ts leaves for the MCP server bundle's name. */
const MCP_MARKER = '"@@TORALE_MCP@@"';

/**
 * Strings of the MCP server's own code (src/mcp/: its stdio framing, its tools, its HTTP
 * transport), found in its bundle and never in the CLI's: there, they would mean the server was
 * inlined and every command reads it at start-up. The help text of `torale mcp` (names of tools
 * included) stays in the CLI's bundle, so none of these is a word of it.
 */
export const MCP_SERVER_STRINGS = [
  "Parse error: invalid JSON",
  "every tool will answer with this error until that is fixed",
  "Forbidden: requests from another origin are refused",
  "Only tasks whose name contains this text",
] as const;

/** Problems with the CLI's bundle `code` from the MCP server's code inlined in it. */
export function checkNoMcpServer(code: string): string[] {
  return MCP_SERVER_STRINGS.filter((text) => code.includes(text)).map((text) =>
    `the MCP server's code is inlined (${JSON.stringify(text)}): it belongs in torale-mcp.js`
  );
}

/** `code` with `value` as a string literal in place of `marker`; throws unless there is one. */
function replaceMarker(code: string, marker: string, value: string, what: string): string {
  const parts = code.split(marker);
  if (parts.length !== 2) {
    throw new Error(`expected the ${what} marker once in the bundle, found ${parts.length - 1}`);
  }
  return parts.join(JSON.stringify(value));
}

/** `code` with the root help page in place of its marker; throws unless there is one marker. */
export function withRootHelp(code: string, page: string): string {
  return replaceMarker(code, ROOT_HELP_MARKER, page, "root help");
}

/** `code` importing the local API from the bundle beside it (see {@link localApiBundlePath}). */
export function withLocalApi(code: string, outFile: string): string {
  const name = `./${localApiBundlePath(outFile).slice(dirname(outFile).length + 1)}`;
  return replaceMarker(code, LOCAL_API_MARKER, name, "local API");
}

/** `code` importing the MCP server from the bundle beside it (see {@link mcpBundlePath}). */
export function withMcp(code: string, outFile: string): string {
  const name = `./${mcpBundlePath(outFile).slice(dirname(outFile).length + 1)}`;
  return replaceMarker(code, MCP_MARKER, name, "MCP server");
}

/** Runs `deno bundle` with `args`; the failure's words, or undefined when it built. */
async function bundle(args: string[]): Promise<string | undefined> {
  const output = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (output.success) return undefined;
  const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  console.error(text.replace(/\nStack backtrace:[\s\S]*$/, "").trimEnd());
  return /TS\d{4}|Type checking failed/.test(text)
    ? "type check failed (building the bundle)"
    : "deno bundle failed";
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
    if (!output.success || !page.startsWith(`${ABOUT}\n\nUSAGE\n`)) {
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
  const failed = await bundle(bundleArgs(outFile)) ??
    await bundle(bundleArgs(localApiBundlePath(outFile), join(ROOT, "local_api", "entry.ts"))) ??
    await bundle(bundleArgs(mcpBundlePath(outFile), join(ROOT, "src", "mcp", "entry.ts")));
  if (failed) {
    console.error(`Error: ${failed}`);
    return 1;
  }
  const main = await Deno.readTextFile(outFile);
  const problems = [...checkBundle(main), ...checkNoMcpServer(main)];
  if (problems.length > 0) {
    for (const problem of problems) console.error(`Error: ${outFile}: ${problem}`);
    console.error(
      "Import node:* modules and lazily used packages dynamically, inside the function that needs them.",
    );
    return 1;
  }
  try {
    const code = withMcp(withLocalApi(main, outFile), outFile);
    await Deno.writeTextFile(outFile, code);
    await Deno.writeTextFile(outFile, withRootHelp(code, await renderRootHelp(outFile)));
  } catch (error) {
    console.error(`Error: finishing the bundle: ${(error as Error).message}`);
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
