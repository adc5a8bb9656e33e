/**
 * Help pages fitted to the terminal: a line wider than it is broken at a space (or after a
 * `|` in a usage line) and continues under where its text starts, as gh and git do. Example
 * command lines (`$ torale …`) stay whole, to be copied; piped help is left as it is.
 */

/** Where a line's text starts: after `  --flag  ` or `  name  `, else after its indent. */
function textColumn(line: string, width: number): number {
  const lead = /^ */.exec(line)![0].length;
  const named = /^( +\S(?:.*?\S)? {2,})(?=\S)/.exec(line);
  const column = named ? named[1].length : lead;
  // A name that takes half the line leaves too little room: continue under the indent.
  return column <= width / 2 ? column : Math.min(lead, Math.floor(width / 2));
}

function wrapLine(line: string, width: number): string {
  // An example is a command to copy: broken, it would read as two commands.
  if (line.length <= width || /^ *\$ /.test(line)) return line;
  const indent = textColumn(line, width);
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > width) {
    let cut = -1;
    for (let i = width; i > indent; i--) {
      if (rest[i] === " " || rest[i - 1] === "|") {
        cut = i;
        break;
      }
    }
    // One word longer than the room: cut it where the line ends.
    if (cut < 0) cut = width;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = " ".repeat(indent) + rest.slice(cut).trimStart();
  }
  pieces.push(rest);
  return pieces.join("\n");
}

/** `page` with every line fitted to `width` columns; unchanged when the width is unknown. */
export function wrapHelp(page: string, width: number | undefined): string {
  if (width === undefined || width < 20) return page;
  return page.split("\n").map((line) => wrapLine(line, width)).join("\n");
}
