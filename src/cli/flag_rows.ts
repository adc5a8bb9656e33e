/**
 * How a command's flags and arguments are named in help, in the docs and in
 * the man pages: `-q, --query <text>`, `--until <met|run>`, `<id>...`. Works on
 * the specs of src/kit/spec.ts, so it needs neither stricli nor a loaded verb.
 */
import type { FlagSpec, Parameters } from "../kit/spec.ts";

/** One flag as help shows it. */
export interface FlagRow {
  /** `-q, --query <text>` */
  label: string;
  /** What it does, with its default. */
  brief: string;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function value(flag: FlagSpec): string {
  if (flag.kind === "boolean" || flag.kind === "counter") return "";
  const name = flag.kind === "enum" && flag.values ? flag.values.join("|") : flag.placeholder;
  return ` <${name ?? "value"}>${flag.variadic ? "..." : ""}`;
}

function brief(flag: FlagSpec): string {
  const parts = [flag.brief ?? ""];
  if (flag.default !== undefined && flag.kind !== "boolean") {
    parts.push(`(default ${String(flag.default)})`);
  }
  if (flag.kind !== "boolean" && !flag.optional && flag.default === undefined) {
    parts.push("(required)");
  }
  if (flag.variadic) parts.push("(repeatable)");
  return parts.filter(Boolean).join(" ");
}

/** The flags of `parameters`, in the order they are declared. */
export function flagRows(parameters: Parameters): FlagRow[] {
  const aliases = Object.entries(parameters.aliases ?? {});
  return Object.entries(parameters.flags ?? {}).filter(([, flag]) => !flag.hidden).map(
    ([name, flag]) => {
      const short = aliases.filter(([, target]) => target === name).map(([alias]) => `-${alias}, `);
      return { label: `${short.join("")}--${kebab(name)}${value(flag)}`, brief: brief(flag) };
    },
  );
}

/** The rows every command has after its own flags. */
export const HELP_ROWS: readonly FlagRow[] = [
  { label: "-h, --help", brief: "Print help information and exit" },
];

/** The positional arguments of `parameters`: `<id>`, `[shell]`, `<id>...`. */
export function argumentLabels(parameters: Parameters): string[] {
  const positional = parameters.positional;
  if (positional === undefined) return [];
  if (positional.kind === "array") {
    const name = `<${positional.parameter.placeholder ?? "args"}>...`;
    return [(positional.minimum ?? 0) > 0 ? name : `[${name}]`];
  }
  return positional.parameters.map((parameter, i) => {
    const name = parameter.placeholder ?? `arg${i + 1}`;
    return parameter.optional || parameter.default !== undefined ? `[${name}]` : `<${name}>`;
  });
}

/** The arguments of `parameters` with what each is. */
export function argumentRows(parameters: Parameters): FlagRow[] {
  const positional = parameters.positional;
  if (positional === undefined) return [];
  const specs = positional.kind === "array" ? [positional.parameter] : positional.parameters;
  const labels = argumentLabels(parameters);
  return specs.map((spec, i) => ({ label: labels[i], brief: spec.brief ?? "" }));
}

/** The required flags of `parameters`, as the usage line names them. */
export function requiredFlags(parameters: Parameters): string[] {
  return Object.entries(parameters.flags ?? {})
    .filter(([, flag]) =>
      flag.kind !== "boolean" && !flag.optional && flag.default === undefined && !flag.hidden
    )
    .map(([name, flag]) => `--${kebab(name)}${value(flag)}`);
}

/** Labels longer than this put their brief on the next line. */
const MAX_LABEL = 26;

/**
 * `rows` as aligned lines, each indented by two spaces; long flags without a
 * short form line up under the long flags that have one.
 */
export function alignRows(rows: readonly FlagRow[]): string[] {
  const shorts = rows.some((row) => /^-\w, /.test(row.label));
  const labels = rows.map((row) =>
    shorts && row.label.startsWith("--") ? `    ${row.label}` : row.label
  );
  const width = Math.max(0, ...labels.map((label) => label.length).filter((n) => n <= MAX_LABEL));
  return rows.flatMap((row, i) => {
    const label = labels[i];
    if (label.length > width) {
      return [`  ${label}`, `  ${" ".repeat(width)}  ${row.brief}`.trimEnd()];
    }
    return [`  ${label.padEnd(width)}  ${row.brief}`.trimEnd()];
  });
}
