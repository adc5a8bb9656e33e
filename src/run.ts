/**
 * run(argv, deps) -> exit code: the whole CLI, without exiting the process.
 * The one place where errors are formatted (with redaction) and mapped to
 * exit codes.
 */
import type { Deps } from "./deps.ts";
import { CliError, ExitCode, QuietExit } from "./errors.ts";
import { splitGlobalFlags } from "./cli/global_flags.ts";
import { builtRootHelp, isRootHelp } from "./cli/root_help.ts";
import { fitHelp, fitProse, type Screen } from "./output/wrap.ts";
import { redactKeys } from "./output/mask.ts";
import { capLines, clean } from "./output/sanitize.ts";

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
  if (match[3] === "--allow-all") {
    // Devices and /proc: Deno opens them only under --allow-all, which the CLI never asks for.
    return [
      `Deno opens "${match[2]}" (a device or /proc file) only with --allow-all.`,
      "Use a regular file, or stdin and stdout: `-f -` reads stdin; without --file, export writes to stdout.",
    ];
  }
  return [
    `Deno denied ${match[1]} access to "${match[2]}". Grant it with ${match[3]}${
      match[2] ? `=${match[2]}` : ""
    }, or use \`deno task torale\`, which sets every permission the CLI needs.`,
  ];
}

/** The `Error: ...` block for any thrown value, its prose fitted to `screen` when a terminal. */
function formatError(error: unknown, debug: boolean, screen: Screen): string {
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
  // Error details often quote the server or the command line: neither may drive the terminal.
  const safe = (text: string) => redactKeys(capLines(clean(text)));
  const shown = fitProse(safe(lines.join("\n")), screen);
  // A stack trace is left as it is: it is read whole, or pasted into a bug report.
  return debug ? `${shown}\n\n${safe(causeChain(error))}` : shown;
}

/** Runs the CLI with `argv` (without the program name) and returns the exit code. */
export async function run(argv: readonly string[], deps: Deps): Promise<number> {
  let debug = false;
  try {
    if (argv[0] === "__complete" || argv[0] === "__complete_with_descriptions") {
      const { complete } = await import("./cli/complete.ts");
      return await complete(argv.slice(1), deps, {
        descriptions: argv[0] === "__complete_with_descriptions",
      });
    }
    const { args, globals } = splitGlobalFlags(argv);
    debug = globals.debug === true || deps.env("TORALE_DEBUG") === "1";
    if (args.length === 1 && args[0] === "version") {
      // The fastest path: no command framework needed to print three lines.
      const { versionText } = await import("./commands/version.ts");
      deps.io.stdout.write(versionText());
      return ExitCode.ok;
    }
    const page = isRootHelp(args) ? builtRootHelp() : undefined;
    if (page !== undefined) {
      const { stdout } = deps.io;
      stdout.write(fitHelp(page, stdout));
      return ExitCode.ok;
    }
    if (args.length === 2 && args[0] === "help") {
      // `torale help exit-codes`: a topic, not a command (src/cli/topics/).
      const { TOPICS, isTopic, topicText } = await import("./cli/topics/index.ts");
      if (isTopic(args[1])) {
        const { stdout } = deps.io;
        const page = topicText(await TOPICS[args[1]].load());
        stdout.write(fitHelp(page, stdout));
        return ExitCode.ok;
      }
    }
    const outcome: { error?: unknown } = {};
    // A command named with nothing to parse runs without stricli (src/cli/direct.ts).
    const { runDirect } = await import("./cli/direct.ts");
    let code = await runDirect(args, { deps, globals, outcome });
    if (code === undefined) {
      const { runCommand } = await import("./cli/app.ts");
      code = await runCommand(args, { deps, globals, outcome });
    }
    if (outcome.error !== undefined) throw outcome.error;
    return code;
  } catch (error) {
    // A QuietExit has already told the user what happened.
    if (!(error instanceof QuietExit)) {
      try {
        deps.io.stderr.write(formatError(error, debug, deps.io.stderr) + "\n");
      } catch {
        // stderr itself cannot be written: the exit code is all that is left to say it.
      }
    }
    return error instanceof CliError ? error.exitCode : ExitCode.failure;
  }
}
