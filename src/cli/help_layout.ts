/**
 * The layout of every `--help`: stricli prints the description (with our
 * EXAMPLES) before its FLAGS; people look for the flags first and the
 * examples last. Sections are reordered, flags are named with their values
 * (`-q, --query <text>`, which stricli cannot say), the root page says what
 * torale is and groups its commands, and the global flags follow: in full for
 * `torale --help`, as one line everywhere else.
 */
import type { Parameters } from "../kit/spec.ts";
import { alignRows, type FlagRow, flagRows, HELP_ROWS } from "./flag_rows.ts";
import { GLOBAL_FLAGS_HELP, GLOBAL_FLAGS_LINE } from "./global_flags.ts";
import { topicsSection } from "./topics/index.ts";
import { ABOUT, GROUPS } from "./trees.ts";

const ORDER = ["USAGE", "", "ALIASES", "ARGUMENTS", "FLAGS", "COMMANDS", "EXAMPLES"];
/** The root page: what there is to run first, then how. */
const ROOT_ORDER = [
  "USAGE",
  "",
  "COMMANDS",
  "HELP TOPICS",
  "FLAGS",
  "EXAMPLES",
];

function heading(section: string): string {
  const first = section.split("\n")[0];
  return /^[A-Z][A-Z ]*$/.test(first) ? first : "";
}

/** Whether `text` is a help page that stricli printed. */
export function isHelp(text: string): boolean {
  return text.startsWith("USAGE\n");
}

/** The FLAGS section: a command's own flags with their values, then help. */
function flagsSection(parameters: Parameters | undefined, root: boolean): string {
  const rows: FlagRow[] = [...(parameters ? flagRows(parameters) : []), ...HELP_ROWS];
  if (root) rows.push({ label: "-v, --version", brief: "Print version information and exit" });
  if (parameters) rows.push({ label: "--", brief: "Read what follows as arguments, not flags" });
  return ["FLAGS", ...alignRows(rows)].join("\n");
}

/** stricli's COMMANDS section of the root, as groups of commands. */
function groupedCommands(section: string): string[] {
  const lines = new Map(
    section.split("\n").slice(1).map((line) => [line.trim().split(/\s+/)[0], line] as const),
  );
  const groups = Object.entries(GROUPS).map(([title, names]) => {
    const found = names.filter((name) => lines.has(name));
    const rows = found.map((name) => lines.get(name)!);
    for (const name of found) lines.delete(name);
    return [title.toUpperCase(), ...rows];
  });
  if (lines.size) groups.push(["OTHER COMMANDS", ...lines.values()]);
  return groups.filter((group) => group.length > 1).map((group) => group.join("\n"));
}

/** `torale plan (--file file)` as `torale plan --file <file>`. */
function usageSection(section: string): string {
  return section.replace(/\((--[\w-]+) ([^()\s]+)\)/g, "$1 <$2>");
}

/**
 * The help page `text`, reordered, with the global flags at the end.
 * `parameters` are the command's, when the page is a command's.
 */
export function layoutHelp(text: string, root: boolean, parameters?: Parameters): string {
  const sections = text.trimEnd().split(/\n\n+/).flatMap((section) => {
    switch (heading(section)) {
      case "USAGE":
        return [
          root
            ? "USAGE\n  torale <command> [subcommand] [flags]\n  torale help <command or topic>"
            : usageSection(section),
        ];
      case "FLAGS":
        return [flagsSection(parameters, root)];
      case "COMMANDS":
        return root ? [...groupedCommands(section), topicsSection()] : [section];
      default:
        return [section];
    }
  });
  const groups = new Set(Object.keys(GROUPS).map((title) => title.toUpperCase()));
  const order = root ? ROOT_ORDER : ORDER;
  const rank = (section: string) => {
    const name = heading(section);
    const at = order.indexOf(groups.has(name) || name.endsWith("COMMANDS") ? "COMMANDS" : name);
    return at < 0 ? order.length : at;
  };
  const ordered = sections.map((section, i) => ({ section, i }))
    .sort((a, b) => rank(a.section) - rank(b.section) || a.i - b.i)
    .map(({ section }) => section);
  const page = root ? [ABOUT, ...ordered, GLOBAL_FLAGS_HELP] : [...ordered, GLOBAL_FLAGS_LINE];
  return page.join("\n\n") + "\n";
}
