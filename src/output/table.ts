/**
 * Tables for people, tab-separated lines for pipes. Widths are display
 * widths, so CJK and emoji line up.
 */

/** East Asian wide and fullwidth ranges (CJK, Hangul, fullwidth forms) and the emoji blocks. */
function isWide(code: number): boolean {
  return (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x1f680 && code <= 0x1f6ff) ||
    (code >= 0x20000 && code <= 0x3fffd);
}

/**
 * The Unicode-property patterns, made on first use: building them costs ~0.8 ms, which every
 * command that prints would otherwise pay at start-up for text that is nearly always ASCII.
 */
let patterns: { zeroWidth: RegExp; emoji: RegExp } | undefined;
function unicodePatterns() {
  return patterns ??= {
    // Marks and format characters (ZWSP, ZWJ, BOM, variation selectors…): no column.
    zeroWidth: new RegExp("^[\\p{Mn}\\p{Me}\\p{Cf}\\u200b\\ufe00-\\ufe0f]+$", "u"),
    // Shown as an emoji, two columns: emoji presentation, a VS16 selector, or a flag.
    emoji: new RegExp("\\p{Emoji_Presentation}|\\ufe0f|\\p{Regional_Indicator}", "u"),
  };
}
/** Printable ASCII: one column per character, the common case, no segmenting needed. */
const ASCII = /^[\x20-\x7e]*$/;

let segmenter: Intl.Segmenter | undefined;

/**
 * The user-perceived characters of `text`: a base with its marks, an emoji with its skin tone
 * or joined parts. Widths are counted, and text is cut, per grapheme.
 */
function graphemes(text: string): Iterable<string> {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return Array.from(segmenter.segment(text), ({ segment }) => segment);
}

/** A code point's columns, as terminals count them (wcwidth): marks and formats take none. */
function codeWidth(char: string): number {
  const code = char.codePointAt(0)!;
  // Hangul vowels and finals after a leading consonant join its syllable's two columns.
  if (code >= 0x1160 && code <= 0x11ff) return 0;
  if (unicodePatterns().zeroWidth.test(char)) return 0;
  return isWide(char.codePointAt(0)!) ? 2 : 1;
}

/**
 * An emoji (with its skin tone, VS16 or joined parts) is drawn in two columns; anything else
 * takes what its code points take, so a Devanagari or Thai cluster counts as terminals do.
 */
function graphemeWidth(grapheme: string): number {
  if (unicodePatterns().emoji.test(grapheme)) return 2;
  let width = 0;
  for (const char of grapheme) width += codeWidth(char);
  return width;
}

/** Columns a string occupies on a terminal. */
export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  let width = 0;
  for (const grapheme of graphemes(text)) width += graphemeWidth(grapheme);
  return width;
}

/** Cuts `text` to at most `max` columns, ending in `…` when cut (never inside a grapheme). */
export function truncate(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = "";
  let width = 0;
  for (const grapheme of graphemes(text)) {
    const w = graphemeWidth(grapheme);
    if (width + w > max - 1) break;
    out += grapheme;
    width += w;
  }
  return out + "…";
}

/**
 * `text` in lines of at most `width` columns, broken at spaces where it can be. A longer word
 * of printable ASCII (an id, a URL) stays whole on its own line, so it can still be copied;
 * other text without spaces (CJK) is broken between graphemes. Its own line breaks are kept.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    let lineWidth = 0;
    for (const word of paragraph.split(/(?<= )/)) {
      const wordWidth = displayWidth(word.trimEnd());
      // Spaces alone never start a line of their own.
      if (wordWidth > 0 && lineWidth > 0 && lineWidth + wordWidth > width) {
        if (line.trim() !== "") lines.push(line.trimEnd());
        line = "";
        lineWidth = 0;
      }
      if (wordWidth > width && !ASCII.test(word)) {
        // A word longer than a line: as many graphemes as fit, then the rest on the next.
        for (const grapheme of graphemes(word)) {
          const w = displayWidth(grapheme);
          if (lineWidth + w > width && lineWidth > 0) {
            lines.push(line.trimEnd());
            line = "";
            lineWidth = 0;
          }
          line += grapheme;
          lineWidth += w;
        }
        continue;
      }
      line += word;
      lineWidth += displayWidth(word);
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/**
 * `Label:  value`, the value starting at column `width`; with `room` (a terminal's columns
 * left for it) a long value wraps and continues under itself, not at the left edge.
 */
export function labelled(label: string, value: string, width: number, room?: number): string {
  const lines = room !== undefined && room >= 20 ? wrapText(value, room) : [value];
  return `${(label + ":").padEnd(width)}${lines.join(`\n${" ".repeat(width)}`)}`;
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/** A column: its header, and how it gives way on a narrow terminal. */
export interface Column {
  header: string;
  /** May be cut with `…` (names, queries); others keep their width. */
  shrink?: boolean;
  /** A shrinking column keeps this many columns while another can be dropped (default 20). */
  min?: number;
  /** May be left out on a narrow terminal: the highest number goes first. */
  drop?: number;
}

const GAP = 2;
const FLOOR = 8;
/** What any column keeps when nothing else is left to give: a letter or two and `…`. */
const LAST_FLOOR = 3;

/**
 * Column widths that fit `available`, and which columns are shown at all. Names first give up
 * what they can spare, then the least useful columns go (and names get their room back), then
 * names are cut further, and only then, as a last resort, any column.
 */
function fit(columns: Column[], widths: number[], available: number): boolean[] {
  const natural = [...widths];
  const shown = columns.map(() => true);
  const total = () =>
    widths.reduce((sum, w, i) => sum + (shown[i] ? w : 0), 0) +
    GAP * (shown.filter(Boolean).length - 1);
  const shrinkOnce = (floor: (column: Column) => number, any = false) => {
    let widest = -1;
    columns.forEach((column, i) => {
      if (shown[i] && (any || column.shrink) && widths[i] > floor(column)) {
        if (widest < 0 || widths[i] > widths[widest]) widest = i;
      }
    });
    if (widest < 0) return false;
    widths[widest] -= Math.min(total() - available, widths[widest] - floor(columns[widest]));
    return true;
  };
  while (total() > available) {
    if (shrinkOnce((column) => column.min ?? 20)) continue;
    const droppable = columns.map((c, i) => ({ c, i })).filter(({ c, i }) =>
      shown[i] && c.drop !== undefined
    );
    if (droppable.length > 0) {
      shown[droppable.reduce((a, b) => (b.c.drop! > a.c.drop! ? b : a)).i] = false;
      // The room a dropped column leaves goes back to the names cut to make room for it.
      natural.forEach((width, i) => widths[i] = width);
      continue;
    }
    if (shrinkOnce(() => FLOOR)) continue;
    if (!shrinkOnce(() => LAST_FLOOR, true)) break;
  }
  return shown;
}

/**
 * Renders rows. On a terminal: aligned columns fitted to `width` (names cut
 * with `…`, the least useful columns left out when they do not fit).
 * Otherwise: a tab-separated header and rows, every column, nothing cut.
 */
export function renderTable(
  columns: Column[],
  rows: string[][],
  options: { terminal: boolean; width?: number; header?: (s: string) => string },
): string {
  // A field the API left out is shown as "-" rather than crashing the table.
  const clean = rows.map((row) =>
    row.map((cell) => String(cell ?? "-").replace(/[\t\r\n]+/g, " "))
  );
  if (!options.terminal) {
    return [columns.map((c) => c.header), ...clean].map((row) => row.join("\t")).join("\n") +
      "\n";
  }
  const widths = columns.map((column, i) =>
    Math.max(displayWidth(column.header), ...clean.map((row) => displayWidth(row[i] ?? "")))
  );
  const shown = fit(columns, widths, options.width ?? 120);
  const visible = columns.map((_, i) => i).filter((i) => shown[i]);
  const header = options.header ?? ((s: string) => s);
  const line = (cells: string[], isHeader: boolean) =>
    visible.map((i) => {
      const fitted = pad(truncate(cells[i] ?? "", widths[i]), widths[i]);
      return isHeader ? header(fitted) : fitted;
    }).join(" ".repeat(GAP)).trimEnd();
  return [line(columns.map((c) => c.header), true), ...clean.map((row) => line(row, false))]
    .join("\n") + "\n";
}
