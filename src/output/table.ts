/**
 * Tables for people, tab-separated lines for pipes. Widths are display
 * widths, so CJK and emoji line up.
 */

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

function isZeroWidth(code: number): boolean {
  return (code >= 0x0300 && code <= 0x036f) || code === 0x200d ||
    (code >= 0xfe00 && code <= 0xfe0f);
}

/** Columns a string occupies on a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (isZeroWidth(code)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

/** Cuts `text` to at most `max` columns, ending in `…` when cut. */
function truncate(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = "";
  let width = 0;
  for (const char of text) {
    const w = displayWidth(char);
    if (width + w > max - 1) break;
    out += char;
    width += w;
  }
  return out + "…";
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

/** Column widths that fit `available`, and which columns are shown at all. */
function fit(columns: Column[], widths: number[], available: number): boolean[] {
  const shown = columns.map(() => true);
  const total = () =>
    widths.reduce((sum, w, i) => sum + (shown[i] ? w : 0), 0) +
    GAP * (shown.filter(Boolean).length - 1);
  const shrinkOnce = (floor: (column: Column) => number) => {
    let widest = -1;
    columns.forEach((column, i) => {
      if (shown[i] && column.shrink && widths[i] > floor(column)) {
        if (widest < 0 || widths[i] > widths[widest]) widest = i;
      }
    });
    if (widest < 0) return false;
    widths[widest] -= Math.min(total() - available, widths[widest] - floor(columns[widest]));
    return true;
  };
  while (total() > available) {
    // Names first give up what they can spare, then the least useful columns go,
    // and only then are names cut further.
    if (shrinkOnce((column) => column.min ?? 20)) continue;
    const droppable = columns.map((c, i) => ({ c, i })).filter(({ c, i }) =>
      shown[i] && c.drop !== undefined
    );
    if (droppable.length > 0) {
      shown[droppable.reduce((a, b) => (b.c.drop! > a.c.drop! ? b : a)).i] = false;
      continue;
    }
    if (!shrinkOnce(() => FLOOR)) break;
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
