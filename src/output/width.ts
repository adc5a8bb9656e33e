/**
 * How many columns text takes on a terminal, as terminals count them (wcwidth, per grapheme):
 * CJK and emoji two, marks and format characters none, our colour codes none. Tables
 * (table.ts) and wrapped prose (wrap.ts) both measure with it.
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
export const ASCII = /^[\x20-\x7e]*$/;
/** Our own colour codes (SGR): drawn in no column. Server text never holds them (sanitize.ts). */
export const COLOR_CODE = "\\x1b\\[[0-9;]*m";
const COLOR_CODES = new RegExp(COLOR_CODE, "g");

/** `text` without its colour codes. */
export function stripColor(text: string): string {
  return text.includes("\x1b") ? text.replace(COLOR_CODES, "") : text;
}

let segmenter: Intl.Segmenter | undefined;

/**
 * The user-perceived characters of `text`: a base with its marks, an emoji with its skin tone
 * or joined parts. Widths are counted, and text is cut, per grapheme.
 */
export function graphemes(text: string): Iterable<string> {
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

/** Columns a string occupies on a terminal; colour codes take none. */
export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  const plain = stripColor(text);
  if (plain !== text) return displayWidth(plain);
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
