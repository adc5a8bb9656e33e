/** ANSI colour helpers that become identity functions when colour is off. */

/** A set of colour functions. */
export interface Colors {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
  /** `✓` in green: something worked. */
  ok: string;
  /** `✗` in red: something failed. */
  fail: string;
  /** `⚠` in yellow: worth a look. */
  caution: string;
}

function code(open: number, close: number) {
  return (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
}

/** Colour functions, all identity when `enabled` is false. */
export function makeColors(enabled: boolean): Colors {
  const id = (s: string) => s;
  const green = enabled ? code(32, 39) : id;
  const red = enabled ? code(31, 39) : id;
  const yellow = enabled ? code(33, 39) : id;
  return {
    green,
    red,
    yellow,
    bold: enabled ? code(1, 22) : id,
    dim: enabled ? code(2, 22) : id,
    ok: green("✓"),
    fail: red("✗"),
    caution: yellow("⚠"),
  };
}

/**
 * Whether to colour a stream: FORCE_COLOR forces it on, `--no-color` and
 * NO_COLOR (any non-empty value) force it off, otherwise only on a terminal.
 */
export function shouldColor(
  opts: {
    isTerminal: boolean;
    flag: boolean;
    env: (name: string) => string | undefined;
  },
): boolean {
  if (!opts.flag) return false;
  if (opts.env("NO_COLOR")) return false;
  const force = opts.env("FORCE_COLOR");
  if (force !== undefined && force !== "" && force !== "0") return true;
  return opts.isTerminal;
}
