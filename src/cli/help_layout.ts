/**
 * The layout of every `--help`: stricli prints the description (with our
 * EXAMPLES) before its FLAGS; people look for the flags first and the
 * examples last. Sections are reordered, then the global flags follow: in
 * full for `torale --help`, as one line everywhere else.
 */
import { GLOBAL_FLAGS_HELP, GLOBAL_FLAGS_LINE } from "./global_flags.ts";

const ORDER = ["USAGE", "", "ALIASES", "ARGUMENTS", "FLAGS", "COMMANDS", "EXAMPLES"];

function heading(section: string): string {
  const first = section.split("\n")[0];
  return /^[A-Z][A-Z ]*$/.test(first) ? first : "";
}

/** Whether `text` is a help page that stricli printed. */
export function isHelp(text: string): boolean {
  return text.startsWith("USAGE\n");
}

/** The help page `text`, reordered, with the global flags at the end. */
export function layoutHelp(text: string, root: boolean): string {
  const sections = text.trimEnd().split(/\n\n+/);
  const rank = (section: string) => {
    const at = ORDER.indexOf(heading(section));
    return at < 0 ? ORDER.length : at;
  };
  const ordered = sections.map((section, i) => ({ section, i }))
    .sort((a, b) => rank(a.section) - rank(b.section) || a.i - b.i)
    .map(({ section }) => section);
  return [...ordered, root ? GLOBAL_FLAGS_HELP : GLOBAL_FLAGS_LINE].join("\n\n") + "\n";
}
