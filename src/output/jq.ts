/**
 * `--jq`: the JSON a command would print, filtered through jq itself (jq 1.8
 * compiled to WebAssembly, the `jq-wasm` package), printed as `gh --jq`
 * prints: strings raw, other values as JSON, one per line. Piped, the output is
 * byte for byte what `torale … --json | jq -r -c '…'` prints with that jq
 * (tests/fixtures/jq holds the reference). The package is imported only when the flag is used.
 */
import { CliError, UsageError } from "../errors.ts";
import { importPackage, type LazyPackages } from "../packages.ts";
import { indentJson, rawOutput, unescapeAscii } from "./jq_text.ts";
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

/** One jq per process, compiled on first use (`task logs --follow --jq` filters every record). */
let loaded: Promise<Awaited<ReturnType<LazyPackages["jq-wasm"]["loadJq"]>>> | undefined;

/**
 * How jq ends a run whose expression does not compile: exit status 3 and this last line
 * (`halt_error(3)` exits 3 as well, with its own message).
 */
const COMPILE_ERROR = { exitCode: 3, lastLine: /(?:^|\n)jq: \d+ compile errors?$/ };

/** The first `jq: error…` line, without jq's prefix, its input name and the `:` before the caret. */
function firstError(stderr: string): string {
  const line = stderr.split("\n").find((text) => text.startsWith("jq: error")) ??
    stderr.split("\n")[0];
  return line
    .replace(/^jq: error(?: \(at [^)]*\))?:? ?/, "")
    .replace(/ at <top-level>, (line \d+(?:, column \d+)?):$/, " at $1")
    .trim();
}

/**
 * The results (lines of `jq -c -a`) as printed: piped, exactly as `jq -r -c` writes them; on a
 * terminal, strings with control and bidi characters shown as escapes and other values indented
 * as jq indents them, with C1, bidi and separator characters written as `\uXXXX`.
 */
function shown(lines: readonly string[], options: JqOptions): string {
  if (!options.terminal) return rawOutput(lines);
  return lines.map((line) =>
    (line.startsWith('"')
      ? escapeInData(clean(JSON.parse(line)))
      : escapeInData(indentJson(unescapeAscii(line)))) + "\n"
  ).join("");
}

/** jq's stderr with `debug` lines (written ASCII-escaped under `-a`) as jq writes them. */
function messagesOf(stderr: string): string {
  return stderr.split("\n").map((line) =>
    line.startsWith('["DEBUG:",') ? unescapeAscii(line) : line
  ).join("\n");
}

/** What `input` fails with past the last input: jq's own word for it is "break". */
function reasonOf(reason: string): string {
  return reason === "break"
    ? "break (input read past the end: the JSON the command prints is the only input)"
    : reason;
}

/**
 * jq's command line would read an expression starting with `-` and a letter as options
 * (`-length` is `-l`…): refused here with the way round it.
 */
function checkNotOption(expression: string): void {
  if (!/^-[-a-zA-Z]/.test(expression)) return;
  throw new UsageError(
    `Invalid --jq expression: jq would read "${
      clean(expression)
    }" as options; put it in parentheses: (${clean(expression)})`,
  );
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
  checkNotOption(expression);
  const jq = await (loaded ??= importPackage("jq-wasm").then(({ loadJq }) => loadJq()));
  let result: ReturnType<typeof jq.raw>;
  // jq-wasm writes "Aborted()" with console.error as its heap runs out, then throws: the
  // error below says it in the CLI's words instead. The call is synchronous, so nothing else
  // writes while console.error is silenced.
  const write = console.error;
  console.error = () => {};
  try {
    // -c -a: one result per line, all ASCII, strings quoted, so nothing is lost to jq-wasm's
    // trimming of stdout and each result can be laid out here (-r is applied by rawOutput).
    // jq-wasm runs `jq [flags] <query> /dev/stdin`: with the expression among the flags and
    // "-L" as the query, /dev/stdin becomes a (harmless) module path and jq reads its stdin as
    // `… | jq` does, so input_filename is "<stdin>" and $ARGS holds nothing.
    result = jq.raw(json, "-L", ["-c", "-a", expression]);
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    // An instance whose heap ran out is not used again.
    loaded = undefined;
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
  const stdout = shown(lines, options);
  if (result.exitCode === 0) return { stdout, messages: clean(messagesOf(result.stderr)) };
  const reason = clean(
    reasonOf(firstError(result.stderr)) || `jq exited with status ${result.exitCode}`,
  );
  const compileError = result.exitCode === COMPILE_ERROR.exitCode &&
    COMPILE_ERROR.lastLine.test(result.stderr);
  if (compileError) {
    return { stdout, messages: "", error: new UsageError(`Invalid --jq expression: ${reason}`) };
  }
  // `debug` and `stderr` messages written before the failure are shown, as jq shows them.
  const at = result.stderr.search(/^jq: error/m);
  const messages = at > 0 ? clean(messagesOf(result.stderr.slice(0, at).replace(/\n$/, ""))) : "";
  return { stdout, messages, error: new CliError(`The --jq expression failed: ${reason}`) };
}
