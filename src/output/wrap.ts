/**
 * Text fitted to a terminal's width, the one wrapper the CLI has: help pages, error lines and
 * their hints, info and warning lines, the doctor's report, long values in labelled lines. A
 * line wider than the terminal breaks at a space and continues under where its text starts
 * (after `Error: `, a `✓ ` mark, a flag's name), as gh and git do. A command to copy — a
 * `$ torale …` example, a `quoted` span, `torale …` or what follows `Run:` in a hint — is never
 * broken: when it does not fit after the words before it, it starts a line of its own (at the
 * left edge when it fits only there), and so does a long id, URL or path. Widths
 * are display widths (width.ts): colour codes take none, CJK and emoji two. Piped text is left
 * as it is.
 */
import { ASCII, COLOR_CODE, displayWidth, graphemes, stripColor } from "./width.ts";

/** A stream that may be a terminal (an OutStream of src/io.ts). */
export interface Screen {
  readonly isTerminal: boolean;
  readonly columns?: number;
}

/** Narrower than this, text is left as it is: wrapped, it would be harder to read. */
const MIN_WIDTH = 20;

/**
 * How a line is read. help: a usage line may also break after `|`; prose: commands in it stay
 * whole; plain (server text): words only.
 */
type Kind = "help" | "prose" | "plain";

/** A piece never broken at its spaces; `gap` is the space before it. */
interface Unit {
  text: string;
  gap: string;
  /** A command to copy, kept whole. */
  command: boolean;
}

/** A word after which a command follows (`Run: chmod 600 …`, `… with: torale task list`). */
const BEFORE_COMMAND = /^(?:[Rr]un|with):$/;
/** A word that ends a command in prose: `torale task list,` or `(torale auth status)`. */
const COMMAND_END = /[,;)`]$/;
/** Splits text around its colour codes, keeping them. */
const AROUND_COLOR = new RegExp(`(${COLOR_CODE})`);

const backticks = (text: string) => text.split("`").length - 1;
const quotes = (text: string) => (text.match(/["']/g) ?? []).length;

/** Where the command starting at `words[start]` ends (inclusive), or -1 when none starts there. */
function commandEnd(words: readonly { text: string }[], start: number): number {
  const isTorale = words[start].text.replace(/^\(/, "") === "torale" &&
    /^[a-z][a-z-]*\b/.test(words[start + 1]?.text ?? "");
  if (!isTorale && !BEFORE_COMMAND.test(words[start - 1]?.text ?? "")) return -1;
  let open = 0;
  for (let i = start; i < words.length; i++) {
    open += quotes(words[i].text);
    if (open % 2 === 0 && COMMAND_END.test(words[i].text)) return i;
  }
  return words.length - 1;
}

/** The words of `body`, a `quoted` span or a command (in prose) joined into one unit. */
function units(body: string, kind: Kind): Unit[] {
  const parts = body.split(/( +)/);
  const words: { text: string; gap: string }[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    if (parts[i] === "") continue;
    const gap = parts[i - 1] ?? "";
    const pieces = kind === "help" ? parts[i].split(/(?<=\|)(?=.)/) : [parts[i]];
    pieces.forEach((text, j) => words.push({ text, gap: j === 0 ? gap : "" }));
  }
  const out: Unit[] = [];
  for (let i = 0; i < words.length; i++) {
    let end = i;
    let command = false;
    if (kind !== "plain" && backticks(words[i].text) % 2 === 1) {
      let count = backticks(words[i].text);
      while (count % 2 === 1 && end + 1 < words.length) count += backticks(words[++end].text);
      command = true;
    } else if (kind === "prose" && (end = commandEnd(words, i)) >= i) {
      command = true;
    } else end = i;
    const text = words.slice(i, end + 1).map((w, j) => (j ? w.gap : "") + w.text).join("");
    out.push({ text, gap: words[i].gap, command });
    i = end;
  }
  return out;
}

/** `lead` then `units`, in lines of `width` columns; continuation lines start at `column`. */
function layout(lead: string, units: readonly Unit[], width: number, column: number): string[] {
  const lines: string[] = [];
  let line = lead;
  let used = displayWidth(lead);
  let placed = 0;
  const next = (at: number) => {
    lines.push(line.trimEnd());
    line = " ".repeat(at);
    used = at;
    placed = 0;
  };
  for (const unit of units) {
    const w = displayWidth(unit.text);
    let gap = placed === 0 && lines.length > 0 ? "" : unit.gap;
    if (placed > 0 && used + gap.length + w > width) {
      next(column);
      gap = "";
    }
    // A command, or a word of printable ASCII (an id, a URL, a path), is never broken.
    const whole = unit.command || ASCII.test(stripColor(unit.text));
    if (placed === 0 && used + gap.length + w > width) {
      gap = "";
      // One that fits only from the left edge goes there, so the terminal does not fold it;
      // right after a mark (`Warning: /a/long/path`), the mark keeps the first line.
      if (whole && lines.length > 0) [line, used] = ["", 0];
      else if (whole && line.trim() !== "" && w <= width) next(0);
    }
    if (used + w > width && !whole) {
      // Text without spaces (CJK) wider than the room: as many graphemes as fit per line.
      for (const [i, part] of unit.text.split(AROUND_COLOR).entries()) {
        for (const grapheme of i % 2 === 1 ? [part] : graphemes(part)) {
          const gw = displayWidth(grapheme);
          if (used + gw > width && placed > 0) next(column);
          line += grapheme;
          used += gw;
          placed++;
        }
      }
      continue;
    }
    // Wider than the terminal, it stays whole all the same: copied, it is still one word.
    line += gap + unit.text;
    used += gap.length + w;
    placed++;
  }
  lines.push(line.trimEnd());
  return lines;
}

/**
 * `text` in lines of at most `width` columns, broken at spaces; a word wider than that stays
 * whole on its own line when it is printable ASCII, else breaks between graphemes. Its own
 * line breaks are kept.
 */
export function wrapText(text: string, width: number): string[] {
  return text.split("\n").flatMap((line) => layout("", units(line, "plain"), width, 0));
}

/** What starts a line of prose, the text continuing under what follows it. */
const PROSE_MARK = new RegExp(
  `^ *(?:${COLOR_CODE})?(?:Error:|Warning:|[✓✗⚠])(?:${COLOR_CODE})? +(?=\\S)`,
);

/**
 * One line of prose (an error, a hint, an info line) in lines of `width` columns, continuing at
 * `column`, or under the text after its mark (`Error: `, `✓ `) or its indent.
 */
export function wrapProseLine(line: string, width: number, column?: number): string {
  if (width < MIN_WIDTH || displayWidth(line) <= width) return line;
  const lead = PROSE_MARK.exec(line)?.[0] ?? /^ */.exec(line)![0];
  const at = Math.min(column ?? displayWidth(lead), Math.floor(width / 2));
  return layout(lead, units(line.slice(lead.length), "prose"), width, at).join("\n");
}

/** `text` (lines of prose) fitted to `screen` when it is a terminal; otherwise as it is. */
export function fitProse(text: string, screen: Screen): string {
  const width = screen.columns;
  if (!screen.isTerminal || width === undefined) return text;
  return text.split("\n").map((line) => wrapProseLine(line, width)).join("\n");
}

/** Where a help line's name ends and its text starts, when two spaces or more part them. */
function namedColumn(line: string): number | undefined {
  return /^( +\S(?:.*?\S)? {2,})(?=\S)/.exec(line)?.[1].length;
}

/**
 * Where a help line's text starts: after `  --flag  ` or `  name  `; for a name too long to
 * leave two spaces (`--timeout <duration> text`), where its neighbours' text starts; else
 * after its indent.
 */
function textColumn(lines: readonly string[], at: number, width: number): number {
  const line = lines[at];
  const lead = /^ */.exec(line)![0].length;
  let column = namedColumn(line);
  // A neighbour's column where this line has a space, then text: its name ends before it.
  const fits = (c?: number) => c !== undefined && c > lead && /^ \S/.test(line.slice(c - 1));
  for (const step of [-1, 1]) {
    for (let i = at + step; column === undefined && lines[i]?.trim(); i += step) {
      const c = namedColumn(lines[i]);
      if (fits(c)) column = c;
    }
  }
  column ??= lead;
  // A name that takes half the line leaves too little room: continue under the indent.
  return column <= width / 2 ? column : Math.min(lead, Math.floor(width / 2));
}

/** A help page fitted to `screen` when it is a terminal; otherwise as it is. */
export function fitHelp(page: string, screen: Screen): string {
  return screen.isTerminal ? wrapHelp(page, screen.columns) : page;
}

/** `page` with every line fitted to `width` columns; unchanged when the width is unknown. */
export function wrapHelp(page: string, width: number | undefined): string {
  if (width === undefined || width < MIN_WIDTH) return page;
  const lines = page.split("\n");
  return lines.map((line, i) => {
    // An example is a command to copy: broken, it would read as two commands.
    if (displayWidth(line) <= width || /^ *\$ /.test(line)) return line;
    const lead = /^ */.exec(line)![0];
    const body = units(line.slice(lead.length), "help");
    return layout(lead, body, width, textColumn(lines, i, width)).join("\n");
  }).join("\n");
}
