/**
 * jq's output as jq writes it. The jq inside torale runs with `-a` (ASCII output): every
 * result is then one line of plain ASCII, strings quoted, so nothing is lost to the wrapper
 * (jq-wasm trims whitespace off both ends of stdout and drops a leading byte-order mark).
 * These functions turn such a line back into the bytes `jq -r -c` writes, or into jq's
 * indented layout for a terminal, keeping every number as jq wrote it.
 */

/** One escape or one other character of JSON text. */
const ESCAPE = /\\(?:u([0-9a-f]{4})|.)/g;

/**
 * A result line of `jq -c -a` as `jq -c` writes it: `\uXXXX` escapes of characters from U+0080
 * on become the characters (jq escapes only control characters, `"` and `\` otherwise).
 */
export function unescapeAscii(line: string): string {
  if (!line.includes("\\u")) return line;
  return line.replace(ESCAPE, (escape, hex: string | undefined) => {
    if (hex === undefined) return escape;
    const code = parseInt(hex, 16);
    return code < 0x80 ? escape : String.fromCharCode(code);
  });
}

/**
 * The result lines of `jq -r -c -a` (one per result) as `jq -r -c` writes them: a string's own
 * text, any other value as compact JSON, each followed by a newline.
 */
export function rawOutput(lines: readonly string[]): string {
  return lines.map((line) => (line.startsWith('"') ? JSON.parse(line) : unescapeAscii(line)) + "\n")
    .join("");
}

/**
 * Compact JSON text laid out as jq lays it out without `-c` (two spaces a level, `"key": value`,
 * `[]` and `{}` when empty). The text is re-indented, not re-encoded, so numbers keep jq's form.
 */
export function indentJson(compact: string): string {
  let out = "";
  let depth = 0;
  let inString = false;
  const newline = () => "\n" + "  ".repeat(depth);
  for (let i = 0; i < compact.length; i++) {
    const char = compact[i];
    if (inString) {
      out += char;
      if (char === "\\") out += compact[++i];
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      out += char;
    } else if (char === "{" || char === "[") {
      const close = char === "{" ? "}" : "]";
      if (compact[i + 1] === close) {
        out += char + close;
        i++;
        continue;
      }
      depth++;
      out += char + newline();
    } else if (char === "}" || char === "]") {
      depth--;
      out += newline() + char;
    } else if (char === ",") out += "," + newline();
    else if (char === ":") out += ": ";
    else out += char;
  }
  return out;
}
