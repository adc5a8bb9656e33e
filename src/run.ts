/** run(argv, deps) -> exit code: the whole CLI, without exiting the process. */
import type { Context } from "./cli/context.ts";
import { type SplitArgs, splitGlobalFlags } from "./cli/flags.ts";
import type { Deps } from "./deps.ts";
import { CliError, ExitCode, QuietExit } from "./errors.ts";
import { redactKeys } from "./output/mask.ts";

function causeChain(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    lines.push(current instanceof Error ? (current.stack ?? String(current)) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) lines.push("Caused by:");
  }
  return lines.join("\n");
}

function permissionHint(error: Error): string[] {
  const match = /Requires (\w+) access to "?([^",]+)"?.*?(--allow-[\w-]+)/.exec(error.message);
  if (!match) {
    return ["Run it with the permissions listed in the README (or use `deno task torale`)."];
  }
  return [
    `Deno denied ${match[1]} access to "${match[2]}". Grant it with ${match[3]}${
      match[2] ? `=${match[2]}` : ""
    }, or use \`deno task torale\`, which sets every permission the CLI needs.`,
  ];
}

/** The `Error: ...` block for any thrown value. */
export function formatError(error: unknown, debug: boolean): string {
  const lines: string[] = [];
  if (error instanceof CliError) {
    lines.push(`Error: ${error.message}`, ...error.hints);
  } else if (error instanceof Deno.errors.NotCapable) {
    lines.push("Error: Missing Deno permission", ...permissionHint(error));
  } else if (error instanceof Deno.errors.PermissionDenied) {
    lines.push(`Error: Permission denied: ${error.message}`);
  } else {
    lines.push(
      `Error: Unexpected failure: ${(error as Error)?.message ?? String(error)}`,
      "This is a bug in torale; run with --debug for the stack trace.",
    );
  }
  if (debug) lines.push("", causeChain(error));
  return redactKeys(lines.join("\n"));
}

/** Runs the CLI with `argv` (without the program name) and returns the exit code. */
export async function run(argv: readonly string[], deps: Deps): Promise<number> {
  if (argv[0] === "__complete") return await complete(argv.slice(1), deps);
  let split: SplitArgs;
  try {
    split = splitGlobalFlags(argv);
  } catch (error) {
    deps.io.stderr.write(formatError(error, false) + "\n");
    return ExitCode.usage;
  }
  const { args, globals } = split;
  if (args.length === 1 && args[0] === "version") {
    // The fastest path: no command framework needed to print three lines.
    const { versionText } = await import("./commands/version.ts");
    deps.io.stdout.write(versionText());
    return ExitCode.ok;
  }
  const debug = globals.debug === true || deps.env("TORALE_DEBUG") === "1";
  const { buildApp, runApplication, StricliExitCode } = await import("./cli/app.ts");
  let quiet = false;
  let usageHint = "";
  const app = buildApp({
    commandFailed: (error) => {
      if (error instanceof QuietExit) {
        quiet = true;
        return "";
      }
      return formatError(error, debug);
    },
    badArguments: (message, path) => {
      // stricli reports each bad flag or argument on its own; one hint follows them all.
      usageHint = `Run \`${helpCommand(path)}\` for usage.\n`;
      return redactKeys(`Error: ${message}`);
    },
    unknownCommand: (input, corrections, path) =>
      redactKeys(
        input.startsWith("-")
          ? `Error: Unknown flag ${input}\nRun \`${helpCommand(path)}\` for usage.`
          : `Error: Unknown command "${input}"${
            corrections.length ? `; did you mean ${corrections.join(" or ")}?` : ""
          }\nRun \`${helpCommand(path)}\` for the list of commands.`,
      ),
  }, args);
  const stderr = deps.io.stderr;
  const process = {
    stdout: { write: (text: string) => deps.io.stdout.write(text) },
    stderr: {
      write: (text: string) => {
        // A QuietExit has already told the user what happened.
        if (quiet && text.trim() === "") {
          quiet = false;
          return;
        }
        stderr.write(text);
      },
    },
    env: { STRICLI_NO_COLOR: "1", STRICLI_SKIP_VERSION_CHECK: "1" },
    exitCode: undefined as number | string | null | undefined,
  };
  const context: Context = { process, deps, globals };
  await runApplication(app, args, context);
  stderr.write(usageHint);
  const code = Number(process.exitCode ?? 0);
  if (Number.isNaN(code)) return ExitCode.failure;
  switch (code) {
    case StricliExitCode.UnknownCommand:
    case StricliExitCode.InvalidArgument:
      return ExitCode.usage;
    case StricliExitCode.ContextLoadError:
    case StricliExitCode.CommandLoadError:
    case StricliExitCode.InternalError:
      return ExitCode.failure;
    default:
      return code;
  }
}

const GLOBAL_FLAG_NAMES = [
  "--api-key",
  "--api-url",
  "--json",
  "--yaml",
  "--debug",
  "--timeout",
  "--no-color",
];

/** `torale __complete <words...>`: candidates for the last (partial) word, one per line. */
async function complete(words: readonly string[], deps: Deps): Promise<number> {
  const { buildApp, proposeCompletions } = await import("./cli/app.ts");
  const app = buildApp({ commandFailed: String, badArguments: String, unknownCommand: String });
  const partial = words[words.length - 1] ?? "";
  // Global flags are not stricli flags: take them out so they cannot confuse it.
  let args: readonly string[];
  try {
    args = splitGlobalFlags(words.slice(0, -1)).args;
  } catch {
    args = words.slice(0, -1);
  }
  const noop = { write: () => {} };
  const proposals = await proposeCompletions(app, [...args, partial], {
    process: { stdout: noop, stderr: noop },
    deps,
    globals: {},
  } as Context);
  const candidates = new Set(proposals.map((p) => p.completion));
  if (partial.startsWith("-")) {
    for (const flag of GLOBAL_FLAG_NAMES) if (flag.startsWith(partial)) candidates.add(flag);
  }
  deps.io.stdout.write([...candidates].map((c) => c + "\n").join(""));
  return ExitCode.ok;
}

function helpCommand(path: string): string {
  return path ? `torale ${path} --help` : "torale --help";
}
