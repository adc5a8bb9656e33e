/**
 * The usage-error wording: stricli's argument errors and unknown words, in
 * the CLI's own words, with the help command of the route that was reached.
 */
import { GLOBAL_FLAG_BRIEFS, kebab } from "./global_flags.ts";
import { redactKeys } from "../output/mask.ts";
import { capLines, clean } from "../output/sanitize.ts";
import type { Context } from "../kit/context.ts";
import {
  ArgumentScannerError,
  formatMessageForArgumentScannerError,
  type RouteMap,
  type Target,
} from "../kit/stricli.ts";

/** Whether `target` is a tree of commands rather than one command. */
export function isRouteMap(target: Target): target is RouteMap<Context> {
  return "getRoutingTargetForInput" in target;
}

/** Follows `args` down the tree: the words that name routes, and where they lead. */
export function walk(root: RouteMap<Context>, args: readonly string[]) {
  const words: string[] = [];
  let target: Target = root;
  for (const arg of args) {
    if (!isRouteMap(target)) break;
    const next = target.getRoutingTargetForInput(arg);
    if (next === undefined) break;
    words.push(arg);
    target = next;
  }
  return { path: words.join(" "), target };
}

function camel(kebab: string): string {
  return kebab.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * The flags a mistyped one may have meant at `target`, without their dashes: its own, the
 * global flags (taken out of argv before stricli parses, so stricli never suggests them) and
 * `--help` (and `--version` at the root).
 */
function flagNames(target: Target, root = false): string[] {
  const own = isRouteMap(target) ? [] : Object.keys(target.parameters.flags ?? {}).map(kebab);
  const globals = [...GLOBAL_FLAG_BRIEFS.keys()].map((name) => name.slice(2));
  return [...own, ...globals, "help", ...(root ? ["version"] : [])];
}

/** `; did you mean --x?` naming the flags closest to `input` (a typo away), or nothing. */
function didYouMean(input: string, names: readonly string[]): string {
  const typed = kebab(input.replace(/^-+/, "")).toLowerCase();
  const limit = Math.max(1, Math.floor(typed.length / 3));
  const scored = [...new Set(names)].map((name) => ({ name, d: distance(typed, name) }));
  const best = Math.min(...scored.map(({ d }) => d));
  if (best > limit) return "";
  const closest = scored.filter(({ d }) => d === best).map(({ name }) => `--${name}`);
  return `; did you mean ${closest.join(" or ")}?`;
}

/** Whether the last word was `--flag` or its alias, left without a value. */
function endsWithFlag(target: Target, args: readonly string[], external: string): boolean {
  const last = args.at(-1) ?? "";
  if (last === `--${external}`) return true;
  const short = /^-([A-Za-z])$/.exec(last)?.[1];
  if (short === undefined || isRouteMap(target)) return false;
  const aliases = (target.parameters.aliases ?? {}) as Record<string, string>;
  return aliases[short] === camel(external);
}

function isFlag(target: Target, external: string): boolean {
  return !isRouteMap(target) && Object.hasOwn(target.parameters.flags ?? {}, camel(external));
}

/** stricli's argument errors, in the CLI's own words. */
function scannerText(target: Target, args: readonly string[]) {
  return {
    // stricli's own corrections know only the command's flags, and name them in camelCase.
    FlagNotFoundError: ({ input }: { input: string }) =>
      `Unknown flag --${input}${didYouMean(input, flagNames(target))}`,
    AliasNotFoundError: ({ input }: { input: string }) => `Unknown flag -${input}`,
    UnsatisfiedFlagError: (
      { externalFlagName: name, nextFlagName: next }: {
        externalFlagName: string;
        nextFlagName?: string;
      },
    ) =>
      next
        ? `Flag --${name} needs a value, but --${next} came next`
        : endsWithFlag(target, args, name)
        ? `Flag --${name} needs a value`
        : `Missing required flag --${name}`,
    ArgumentParseError: (
      { externalFlagNameOrPlaceholder: name, input, exception }: {
        externalFlagNameOrPlaceholder: string;
        input: string;
        exception: unknown;
      },
    ) =>
      `Invalid value "${input}" for ${isFlag(target, name) ? `--${name}` : `<${name}>`}: ${
        exception instanceof Error ? exception.message : String(exception)
      }`,
    EnumValidationError: (
      { externalFlagName: name, input, values }: {
        externalFlagName: string;
        input: string;
        values: readonly string[];
      },
    ) => `Invalid value "${input}" for --${name}: expected one of ${values.join(", ")}`,
    UnexpectedFlagError: (
      { externalFlagName: name, previousInput, input }: {
        externalFlagName: string;
        previousInput: string;
        input: string;
      },
    ) => `Flag --${name} was given more than once ("${previousInput}", then "${input}")`,
    UnsatisfiedPositionalError: ({ placeholder }: { placeholder: string }) =>
      `Missing argument <${placeholder}>`,
    UnexpectedPositionalError: (
      { expectedCount, input }: { expectedCount: number; input: string },
    ) =>
      `Unexpected argument "${input}"${
        expectedCount === 0 ? ": this command takes none" : ` (at most ${expectedCount} expected)`
      }`,
  };
}

/**
 * What to suggest for `input` at `target`: its route names, and `tree word`
 * for a word that names a command one level down (`login` → `auth login`).
 */
export function routeWords(target: Target, input: string): string[][] {
  if (!isRouteMap(target)) return [];
  const entries = target.getAllEntries().filter((entry) => !entry.hidden);
  const nested = entries.flatMap((entry) =>
    isRouteMap(entry.target) && entry.target.getRoutingTargetForInput(input)
      ? [[`${entry.name.original} ${input}`]]
      : []
  );
  return [...nested, ...entries.map((entry) => [entry.name.original, ...entry.aliases])];
}

/** `torale <path> --help`, the command that shows the usage of the route reached. */
export function helpCommand(path: string): string {
  return path ? `torale ${path} --help` : "torale --help";
}

/** The error line for a bad flag or argument of `target`. */
export function badArgumentsText(
  error: unknown,
  target: Target,
  args: readonly string[],
): string {
  const message = error instanceof ArgumentScannerError
    ? formatMessageForArgumentScannerError(error, scannerText(target, args))
    : String((error as Error)?.message ?? error);
  return redactKeys(capLines(clean(`Error: ${message}`)));
}

/** Edits (insert, delete, replace, swap neighbours) between `a` and `b`. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * Only suggestions a typo away (`tsk` → `task`, never `login` → `logout`), or
 * one level down; one word per route, its name before its aliases.
 */
function closeOnes(input: string, routes: readonly string[][]): string[] {
  const limit = Math.max(1, Math.floor(input.length / 3));
  const close = (word: string) =>
    word.endsWith(` ${input}`) || distance(input.toLowerCase(), word) <= limit;
  return routes.flatMap((words) => words.filter(close).slice(0, 1));
}

/** The error block for a word that is not a command (or a flag of none) at `path`. */
export function unknownCommandText(
  input: string,
  suggestions: readonly string[][],
  { path, target }: { path: string; target: Target },
): string {
  const corrections = closeOnes(input, suggestions);
  const flag = input.startsWith("--") ? didYouMean(input, flagNames(target, path === "")) : "";
  return redactKeys(capLines(clean(
    input.startsWith("-")
      ? `Error: Unknown flag ${input}${flag}\nRun \`${helpCommand(path)}\` for usage.`
      : `Error: Unknown command "${input}"${
        corrections.length
          ? `; did you mean ${
            corrections.map((c) => `\`torale ${path ? `${path} ` : ""}${c}\``).join(" or ")
          }?`
          : ""
      }\nRun \`${helpCommand(path)}\` for the list of commands.`,
  )));
}
