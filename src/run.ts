/**
 * run(argv, deps) -> exit code: the whole CLI, without exiting the process.
 * The one place where errors are formatted (with redaction, src/output/error_report.ts) and
 * mapped to exit codes; the MCP server's bundle alone reports its own, with the same code.
 */
import type { Deps } from "./deps.ts";
import { ExitCode } from "./errors.ts";
import { splitGlobalFlags } from "./cli/global_flags.ts";
import { builtRootHelp, isRootHelp } from "./cli/root_help.ts";
import { fitHelp } from "./output/wrap.ts";
import { debugOn, reportError } from "./output/error_report.ts";

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
    debug = debugOn(globals, deps.env);
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
    return reportError(error, deps.io.stderr, debug);
  }
}
