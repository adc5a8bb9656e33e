/**
 * The command line that starts this torale again, for an agent host to launch `torale mcp
 * serve` with (`torale mcp config`): the compiled binary, the script `deno task install` wrote,
 * or `deno run` of a clone's main.ts with the permissions of deno.json's "torale" task.
 */
import type { Deps } from "../../deps.ts";
import { CliError } from "../../errors.ts";
import { decodeUtf8, readInput } from "../../kit/input.ts";
import { dirName, joinPath, pathFromFileUrl } from "../../paths.ts";

/** A program and its arguments, as hosts' `command` and `args` take them. */
export interface Launch {
  command: string;
  args: string[];
  /** How this torale runs: what the human output names. */
  how: "binary" | "installed" | "deno run";
}

/** Where `deno task install` puts the bundle under its root (scripts/install.ts). */
const INSTALLED_BUNDLE = /[\\/]lib[\\/]torale[\\/]torale\.js$/;

/** The deno.json beside the script or one folder up (a clone's main.ts, or its dist/ bundle). */
async function taskOf(deps: Deps, script: string): Promise<{ config: string; task: string }> {
  const tried: string[] = [];
  for (const dir of [dirName(script), dirName(dirName(script))]) {
    const config = joinPath(dir, "deno.json");
    tried.push(config);
    let parsed: { tasks?: { torale?: unknown } };
    try {
      const bytes = await readInput(deps, config, { limit: 256 * 1024, what: config });
      parsed = JSON.parse(decodeUtf8(bytes, config));
    } catch {
      continue;
    }
    if (typeof parsed?.tasks?.torale === "string") return { config, task: parsed.tasks.torale };
  }
  throw cannotTell(`no "torale" task in ${tried.join(" or ")}`);
}

/** The error when neither a binary, an installed script nor a clone runs. */
function cannotTell(why: string): CliError {
  return new CliError(`Cannot tell how to start this torale again: ${why}`, {
    hints: [
      "Run `torale mcp config` from a compiled torale, the one `deno task install` wrote,",
      "or a clone (`deno task torale mcp config <client>`).",
    ],
  });
}

/**
 * The permission flags of the task `task` (`deno run <flags> main.ts`), with paths relative to
 * the clone (`--allow-ffi=./node_modules`) made absolute: hosts start servers in any folder.
 */
export function taskFlags(task: string, cloneDir: string): string[] {
  const words = task.trim().split(/\s+/);
  const start = words.indexOf("run") + 1;
  const end = words.findIndex((word, at) => at >= start && /\.[jt]s$/.test(word));
  if (start === 0 || end < 0) {
    throw new CliError(`Cannot read the "torale" task of deno.json: ${JSON.stringify(task)}`);
  }
  return words.slice(start, end).map((flag) =>
    flag.replace(/^(--[\w-]+=)\.[\\/](.*)$/, (_, name, rest) => name + joinPath(cloneDir, rest))
  );
}

/** How to start this torale with `args` after it. */
export async function launch(deps: Deps, args: string[]): Promise<Launch> {
  const program = deps.program();
  if (program.standalone) return { command: program.execPath, args, how: "binary" };
  if (!program.mainModule.startsWith("file:")) {
    throw cannotTell(`it runs from ${JSON.stringify(program.mainModule)}, not a file`);
  }
  const script = pathFromFileUrl(program.mainModule);
  if (INSTALLED_BUNDLE.test(script)) {
    const root = dirName(dirName(dirName(script)));
    const shim = program.os === "windows" ? "torale.cmd" : "torale";
    return { command: joinPath(root, "bin", shim), args, how: "installed" };
  }
  const { config, task } = await taskOf(deps, script);
  return {
    command: program.execPath,
    args: ["run", ...taskFlags(task, dirName(config)), "--config", config, script, ...args],
    how: "deno run",
  };
}
