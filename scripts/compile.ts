/**
 * `deno task compile [--target <t>] [--out-dir dist] [--expect-version <v>]`
 *
 * Builds the type-checked release bundle (scripts/build.ts: the whole CLI as
 * one module, which is what keeps start-up within budget), then one
 * self-contained binary per target with `deno compile`, and writes
 * `<binary>.sha256` beside each and a combined `SHA256SUMS`. The packages
 * that commands import by name are embedded through src/packages_embed.ts, and the local
 * API's bundle (`torale local-api`) and the MCP server's (`torale mcp serve`) are included
 * beside the CLI's.
 * `deno compile` downloads its runtime (denort) for each target; where that
 * is impossible, set DENORT_BIN to a local denort of the same Deno version
 * (it is passed through untouched).
 */
import { join } from "node:path";
import { VERSION } from "../src/version.ts";
import { build, localApiBundlePath, mcpBundlePath } from "./build.ts";
import { sha256Hex } from "./hash.ts";
import { binaryPermissionFlags, type Os } from "./permissions.ts";

/** Every release target. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;
/** One of {@link TARGETS}. */
export type Target = typeof TARGETS[number];

const ROOT = join(import.meta.dirname!, "..");

/** `torale-<target>`, with `.exe` for Windows. */
export function binaryName(target: Target): string {
  return `torale-${target}${target.includes("windows") ? ".exe" : ""}`;
}

/** The OS a target runs on. */
export function targetOs(target: Target): Os {
  if (target.includes("windows")) return "windows";
  return target.includes("apple-darwin") ? "darwin" : "linux";
}

/** The bundle the binaries embed, built into the output directory. */
export function bundlePath(outDir: string): string {
  return join(outDir, "torale.js");
}

/**
 * Packages only the checks and tests use, left out of binaries: GitHub's workflow parser
 * (scripts/workflow_check.ts) and what it alone depends on (cronstrue 2; the CLI's own cronstrue
 * is 3); the MCP conformance suite (tests/e2e/mcp_conformance_test.ts) and what it alone depends
 * on (the MCP SDK, express, jose, zod and yaml it shares with the CLI stay). Folder names of
 * node_modules/.deno; tests/unit/compile_test.ts holds this to the lockfile.
 */
const DEV_ONLY = new RegExp(
  `^(?:${
    [
      "@actions\\+(?:workflow-parser|expressions)@",
      "cronstrue@(?!3\\.)",
      "@modelcontextprotocol\\+conformance@",
      "@octokit\\+[a-z-]+@",
      "before-after-hook@",
      "commander@",
      "content-type@3\\.",
      "json-with-bigint@",
      "undici@",
      "universal-user-agent@",
    ].join("|")
  })`,
);

/**
 * Directories of node_modules a binary does not need: the musl build of the
 * credential store's addon, which `deno install` fetches beside the glibc one
 * on Linux (about 3.4 MB) although the CLI only ever loads the glibc one, and
 * the packages of {@link DEV_ONLY}.
 */
export async function unusedAddons(root = ROOT): Promise<string[]> {
  const found: string[] = [];
  try {
    for await (const entry of Deno.readDir(join(root, "node_modules", ".deno"))) {
      const musl = /^@napi-rs\+(keyring-linux-.*-musl)@/.exec(entry.name);
      const dev = DEV_ONLY.exec(entry.name);
      if (!musl && !dev) continue;
      // The package's own folder too: deno compile reaches it through the symbolic links.
      const dir = join(root, "node_modules", ".deno", entry.name);
      const name = musl ? `@napi-rs/${musl[1]}` : packageName(entry.name);
      found.push(dir, join(dir, "node_modules", ...name.split("/")));
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return found.sort();
}

/** The package a folder of node_modules/.deno holds: `@octokit+core@7.0.8` is `@octokit/core`. */
export function packageName(folder: string): string {
  return folder.slice(0, folder.indexOf("@", 1)).replace("+", "/");
}

/** The `deno compile` arguments for one target; `excludes` are left out of the binary. */
export function compileArgs(target: Target, outDir: string, excludes: string[] = []): string[] {
  return [
    "compile",
    "--target",
    target,
    "--output",
    join(outDir, binaryName(target)),
    ...binaryPermissionFlags(targetOs(target)),
    // The import map that resolves the packages loaded by name, wherever outDir is.
    "--config",
    join(ROOT, "deno.json"),
    "--include",
    join(ROOT, "src", "packages_embed.ts"),
    // `torale local-api` imports it by a computed name, which deno compile cannot see.
    "--include",
    localApiBundlePath(bundlePath(outDir)),
    // So does `torale mcp serve` its server's.
    "--include",
    mcpBundlePath(bundlePath(outDir)),
    ...excludes.flatMap((path) => ["--exclude", path]),
    bundlePath(outDir),
  ];
}

/** Options of a build. */
export interface CompileOptions {
  targets: Target[];
  outDir: string;
  expectVersion?: string;
}

/** Parses the script's arguments; throws with a usage message when they are wrong. */
export function parseCompileArgs(args: string[]): CompileOptions {
  const options: CompileOptions = { targets: [...TARGETS], outDir: join(ROOT, "dist") };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === "--target") {
      const target = value();
      if (!(TARGETS as readonly string[]).includes(target)) {
        throw new Error(`unknown target "${target}"; choose one of: ${TARGETS.join(", ")}`);
      }
      options.targets = [target as Target];
    } else if (flag === "--out-dir") {
      options.outDir = value();
    } else if (flag === "--expect-version") {
      options.expectVersion = value().replace(/^v/, "");
    } else {
      throw new Error(`unknown argument "${args[i]}"`);
    }
  }
  return options;
}

/** Explains a failed `deno compile` in one line, from its output. */
export function explainFailure(target: Target, output: string): string {
  if (/Could not find denort at/.test(output)) {
    return `DENORT_BIN does not point at a denort binary (building ${target})`;
  }
  if (/Setting up base binary|denort|error sending request|dns error/i.test(output)) {
    return `deno compile could not download the Deno runtime (denort) for ${target}: this machine has no access to it. ` +
      `Set DENORT_BIN to a local denort binary of Deno ${Deno.version.deno} for that target, or build where the internet is reachable.`;
  }
  if (/TS\d{4}|Type checking failed/.test(output)) return `type check failed (building ${target})`;
  return `deno compile failed for ${target}`;
}

/** Builds the binaries and checksums; returns the process exit code. */
export async function compile(options: CompileOptions): Promise<number> {
  if (options.expectVersion && options.expectVersion !== VERSION) {
    console.error(
      `Error: the tag says version ${options.expectVersion} but src/version.ts says ${VERSION}`,
    );
    return 1;
  }
  await Deno.mkdir(options.outDir, { recursive: true });
  if (options.targets.length > 0 && await build(bundlePath(options.outDir)) !== 0) return 1;
  const sums: string[] = [];
  for (const target of options.targets) {
    console.error(`Building ${binaryName(target)} (torale ${VERSION})`);
    const output = await new Deno.Command(Deno.execPath(), {
      args: compileArgs(target, options.outDir, await unusedAddons()),
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
    if (!output.success) {
      console.error(text.replace(/\nStack backtrace:[\s\S]*$/, "").trimEnd());
      console.error(`Error: ${explainFailure(target, text)}`);
      return 1;
    }
    // deno compile lists what it embedded: worth seeing in a release log.
    console.error(text.trimEnd());
    const file = join(options.outDir, binaryName(target));
    const line = `${await sha256Hex(await Deno.readFile(file))}  ${binaryName(target)}`;
    await Deno.writeTextFile(`${file}.sha256`, line + "\n");
    sums.push(line);
    console.error(`  ${line}`);
  }
  await Deno.writeTextFile(join(options.outDir, "SHA256SUMS"), sums.join("\n") + "\n");
  return 0;
}

if (import.meta.main) {
  let options: CompileOptions;
  try {
    options = parseCompileArgs(Deno.args);
  } catch (error) {
    console.error(`Error: ${(error as Error).message}`);
    console.error(
      "Usage: deno task compile [--target <target>] [--out-dir <dir>] [--expect-version <v>]",
    );
    Deno.exit(2);
  }
  Deno.exit(await compile(options));
}
