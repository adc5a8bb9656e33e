/**
 * Tables for people, tab-separated lines for pipes. Widths are display
 * widths, so CJK and emoji line up.
 */
import { displayWidth, truncate } from "./width.ts";
import { wrapText } from "./wrap.ts";

/**
 * `Label:  value`, the value starting at column `width`; with `room` (a terminal's columns
 * left for it) a long value wraps and continues under itself, not at the left edge.
 */
export function labelled(label: string, value: string, width: number, room?: number): string {
  const lines = room !== undefined && room >= 20 ? wrapText(value, room) : [value];
  return `${(label + ":").padEnd(width)}${lines.join(`\n${" ".repeat(width)}`)}`;
}

/** `text` and `room` spaces after it (none when there is no room). */
function padded(text: string, room: number): string {
  return text + " ".repeat(Math.max(0, room));
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
  // A reduce, not Math.max(...rows): a spread of 200,000 rows overflows the stack.
  const widths = columns.map((column, i) =>
    clean.reduce(
      (widest, row) => Math.max(widest, displayWidth(row[i] ?? "")),
      displayWidth(column.header),
    )
  );
  const shown = fit(columns, widths, options.width ?? 120);
  const visible = columns.map((_, i) => i).filter((i) => shown[i]);
  const header = options.header ?? ((s: string) => s);
  const line = (cells: string[], isHeader: boolean) =>
    visible.map((i) => {
      // The header's style holds its text only: the padding stays plain, so the last column's
      // trailing spaces go with trimEnd below, colour on as off.
      const cut = truncate(cells[i] ?? "", widths[i]);
      return padded(isHeader ? header(cut) : cut, widths[i] - displayWidth(cut));
    }).join(" ".repeat(GAP)).trimEnd();
  return [line(columns.map((c) => c.header), true), ...clean.map((row) => line(row, false))]
    .join("\n") + "\n";
}
