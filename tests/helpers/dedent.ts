/**
 * Multi-line expectations written as they look on the screen, indented with
 * the code around them.
 */

/** Stands for an interpolated value while the literal text is dedented. */
const HOLE = "\u0000";

/**
 * A template tag that drops the line break after the opening backtick, the
 * indentation every non-blank line shares and the spaces before the closing
 * backtick, so the text ends with a line break when the backtick stands on a
 * line of its own. Blank lines come out empty. Values are inserted afterwards,
 * untouched: a value with line breaks is never re-indented.
 *
 * ```ts
 * dedent`
 *   ✓ Task created
 *   ID:        ${id}
 * ` // "✓ Task created\nID:        <id>\n"
 * ```
 */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  for (const text of strings) {
    if (text.includes(HOLE)) throw new Error("dedent: the template contains a NUL character");
  }
  const lines = strings.join(HOLE).split("\n");
  if (lines.length > 1 && lines[0].trim() === "") lines.shift();
  if (lines.length > 1 && lines[lines.length - 1].trim() === "") lines[lines.length - 1] = "";
  const indents = lines
    .filter((line) => line.trim() !== "")
    .map((line) => /^[ \t]*/.exec(line)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  const text = lines.map((line) => line.trim() === "" ? "" : line.slice(cut)).join("\n");
  const parts = text.split(HOLE);
  return parts.reduce((result, part, i) => result + String(values[i - 1]) + part);
}
