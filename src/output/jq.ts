/**
 * `--jq`: the JSON a command would print, filtered through jq itself (jq 1.8
 * compiled to WebAssembly, the `jq-wasm` package), printed as `gh --jq`
 * prints: strings raw, other values as JSON, one per line. The package is
 * imported only when the flag is used.
 */
import { CliError, UsageError } from "../errors.ts";
import { importPackage } from "../packages.ts";
import { clean, escapeInData } from "./sanitize.ts";

/** What a filter printed, and how it ended. */
export interface JqOutput {
  /** The results, one per line, each ending in a newline. */
  stdout: string;
  /** What the expression wrote to stderr without failing (`debug`, `stderr`). */
  messages: string;
  /** A bad expression (exit 2) or one that failed on this input (exit 1). */
  error?: CliError;
}

/** How the results are laid out. */
export interface JqOptions {
  /**
   * stdout is a terminal: values pretty-printed, and control and bidi
   * characters in raw strings shown as escapes. Piped: compact and exact.
   */
  terminal: boolean;
}

/** The heap jq-wasm is built with (its getHeapMax): input, values and results share it. */
const JQ_HEAP_MIB = 256;

/** jq's exit status for an expression that does not compile. */
const COMPILE_ERROR = 3;

/** The first `jq: error…` line, without jq's prefix, its input name and the `:` before the caret. */
function firstError(stderr: string): string {
  const line = stderr.split("\n").find((text) => text.startsWith("jq: error")) ??
    stderr.split("\n")[0];
  return line
    .replace(/^jq: error(?: \(at [^)]*\))?:? ?/, "")
    .replace(/ at <top-level>, (line \d+(?:, column \d+)?):$/, " at $1")
    .trim();
}

/** One jq result (compact JSON) as it is printed. */
function shown(line: string, options: JqOptions): string {
  if (line.startsWith('"')) {
    const text = JSON.parse(line) as string;
    return options.terminal ? clean(text) : text;
  }
  return escapeInData(options.terminal ? JSON.stringify(JSON.parse(line), null, 2) : line);
}

/**
 * Runs `expression` on `json` (the text `--json` would print). The results
 * printed before a runtime error are kept, as jq keeps them.
 */
export async function filterJson(
  json: string,
  expression: string,
  options: JqOptions,
): Promise<JqOutput> {
  const { loadJq } = await importPackage("jq-wasm");
  const jq = await loadJq();
  let result: ReturnType<typeof jq.raw>;
  // jq-wasm writes "Aborted()" with console.error as its heap runs out, then throws: the
  // error below says it in the CLI's words instead. The call is synchronous, so nothing else
  // writes while console.error is silenced.
  const write = console.error;
  console.error = () => {};
  try {
    // -c: one result per line, so each can be told apart and laid out here.
    result = jq.raw(json, expression, ["-c"]);
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    const error_ = new CliError(
      `The --jq expression ran out of memory: the jq inside torale has ${JQ_HEAP_MIB} MiB`,
      {
        hints: [
          "Filter in smaller steps, or pipe --json into a jq of your own: torale … --json | jq '…'",
        ],
      },
    );
    return { stdout: "", messages: "", error: error_ };
  } finally {
    console.error = write;
  }
  const lines = result.stdout === "" ? [] : result.stdout.split("\n");
  const stdout = lines.map((line) => shown(line, options) + "\n").join("");
  if (result.exitCode === 0) return { stdout, messages: clean(result.stderr) };
  const reason = clean(firstError(result.stderr) || `jq exited with status ${result.exitCode}`);
  const error = result.exitCode === COMPILE_ERROR
    ? new UsageError(`Invalid --jq expression: ${reason}`)
    : new CliError(`The --jq expression failed: ${reason}`);
  return { stdout, messages: "", error };
}
