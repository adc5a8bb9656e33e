/**
 * The stricli adapter: builds the tree a run needs as stricli's objects, runs
 * it, and turns stricli's own exit codes into ours. Commands' errors never
 * pass through here (see `loadVerb()` in src/kit/spec.ts). Runs that name a
 * command and give it nothing to parse do not come here (src/cli/direct.ts).
 */
import { ExitCode } from "../errors.ts";
import type { Context, RunContext } from "../kit/context.ts";
import type { Parameters } from "../kit/spec.ts";
import {
  buildApplication,
  proposeCompletions,
  type RouteMap,
  runApplication,
  StricliExitCode,
  type Target,
  text_en,
  toStricli,
} from "../kit/stricli.ts";
import { VERSION } from "../version.ts";
import { isHelp, layoutHelp } from "./help_layout.ts";
import { fitHelp, fitProse } from "../output/wrap.ts";
import { rootNode, TREES } from "./trees.ts";
import {
  badArgumentsText,
  helpCommand,
  isRouteMap,
  routeWords,
  unknownCommandText,
  walk,
} from "./usage_text.ts";

/** A help page stricli printed, laid out for the command or tree it is about. */
function helpPage(text: string, { path, target }: { path: string; target: Target }): string {
  return layoutHelp(
    text,
    path === "",
    isRouteMap(target) ? undefined : target.parameters as Parameters,
  );
}

/** The route tree as stricli's objects: only the tree `first` names, or all of them. */
async function buildRoot(first: string | undefined): Promise<RouteMap<Context>> {
  return toStricli(await rootNode(first)) as RouteMap<Context>;
}

/** The application for `args` (the command line without global flags). */
function buildApp(
  root: RouteMap<Context>,
  args: readonly string[],
  onBadArguments: (path: string) => void,
) {
  return buildApplication<Context>(root, {
    name: "torale",
    versionInfo: { currentVersion: VERSION },
    // `--` ends the options: `torale task get -- -xyz` looks up a task called "-xyz".
    scanner: { caseStyle: "allow-kebab-for-camel", allowArgumentEscapeSequence: true },
    documentation: {
      caseStyle: "convert-camel-to-kebab",
      disableAnsiColor: true,
      // Usage lines list what is required; FLAGS below lists the rest.
      onlyRequiredInUsageLine: true,
    },
    localization: {
      loadText: () => ({
        ...text_en,
        noCommandRegisteredForInput: ({ input }) => {
          const reached = walk(root, args);
          return unknownCommandText(input, routeWords(reached.target, input), reached);
        },
        exceptionWhileParsingArguments: (error) => {
          const { path, target } = walk(root, args);
          onBadArguments(path);
          return badArgumentsText(error, target, args);
        },
      }),
    },
  });
}

/** stricli's help flags. */
const HELP_FLAGS = new Set(["--help", "-h", "--help-all", "--helpAll", "-H"]);

/**
 * `torale help [command…]` and `torale <tree> help` are `--help` in familiar
 * words (as in git and gh): `torale help task create` is `torale task create --help`.
 * A help flag before the command asks for the command's help too: stricli
 * would show the root's for `torale --help task list`.
 */
function helpWords(args: readonly string[]): readonly string[] {
  if (args[0] === "help") return [...args.slice(1), "--help"];
  if (args.length > 1 && HELP_FLAGS.has(args[0]) && Object.hasOwn(TREES, args[1])) {
    return [...args.slice(1), args[0]];
  }
  if (args.length === 2 && args[1] === "help" && Object.hasOwn(TREES, args[0])) {
    return [args[0], "--help"];
  }
  return args;
}

/**
 * Runs `args` through stricli. Returns our exit code for what stricli itself
 * decided (help, usage errors); a command's own failure is left in
 * `context.outcome` for the caller.
 */
export async function runCommand(words: readonly string[], context: RunContext): Promise<number> {
  const args = helpWords(words);
  const { io } = context.deps;
  // stricli reports each bad flag or argument on its own; one hint follows them all.
  let usageHint = "";
  const root = await buildRoot(args[0]);
  const app = buildApp(
    root,
    args,
    (path) => usageHint = `Run \`${helpCommand(path)}\` for usage.\n`,
  );
  const process = {
    // stricli itself writes only help pages and its version here; commands use deps.io.
    stdout: {
      write: (text: string) => {
        try {
          io.stdout.write(
            isHelp(text) ? fitHelp(helpPage(text, walk(root, args)), io.stdout) : text,
          );
        } catch (error) {
          // stricli would report a failed write (a full disk) as its own crash: run() says it.
          context.outcome.error ??= error;
        }
      },
    },
    // Its usage errors, in our words (usage_text.ts), fitted to the terminal like every error.
    stderr: { write: (text: string) => io.stderr.write(fitProse(text, io.stderr)) },
    env: { STRICLI_NO_COLOR: "1", STRICLI_SKIP_VERSION_CHECK: "1" },
    exitCode: undefined as number | string | null | undefined,
  };
  await runApplication(app, args, { ...context, process });
  io.stderr.write(fitProse(usageHint, io.stderr));
  switch (process.exitCode ?? StricliExitCode.Success) {
    case StricliExitCode.Success:
      return ExitCode.ok;
    case StricliExitCode.UnknownCommand:
    case StricliExitCode.InvalidArgument:
      return ExitCode.usage;
    default:
      return ExitCode.failure;
  }
}

/** A completion candidate stricli proposes, and its kind and brief. */
export interface Proposal {
  kind: string;
  completion: string;
  brief: string;
}

/** Completion candidates stricli proposes for `args` (the last one partial). */
export async function commandCompletions(
  args: readonly string[],
  context: RunContext,
): Promise<readonly Proposal[]> {
  const noop = { write: () => {} };
  const root = await buildRoot(undefined);
  const app = buildApp(root, [], () => {});
  const proposals = await proposeCompletions(app, args, {
    ...context,
    process: { stdout: noop, stderr: noop },
  });
  // stricli completes `config <Tab>` as its default command, `config list`, which takes
  // nothing: the tree's own commands are what the next word can be.
  const leading = args.slice(0, -1);
  const { path, target } = walk(root, leading);
  if (!isRouteMap(target) || !target.getDefaultCommand() || path !== leading.join(" ")) {
    return proposals;
  }
  const partial = args.at(-1) ?? "";
  const commands = target.getAllEntries().filter((entry) => !entry.hidden).map((entry) => ({
    kind: "routing-target:command",
    completion: entry.name["convert-camel-to-kebab"],
    brief: entry.target.brief,
  })).filter(({ completion }) => completion.startsWith(partial));
  return [...commands, ...proposals];
}
