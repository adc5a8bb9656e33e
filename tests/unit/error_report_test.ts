/**
 * How a failure is told (src/output/error_report.ts), by run() and by the MCP server's bundle,
 * which has a copy of src/errors.ts of its own: an error from either copy is told alike.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { QuietExit, UsageError } from "../../src/errors.ts";
import { debugOn, formatError, reportError } from "../../src/output/error_report.ts";

const SCREEN = { isTerminal: false };

/** A second copy of src/errors.ts, as a second bundle carries one. */
async function otherCopy(): Promise<typeof import("../../src/errors.ts")> {
  const dir = await Deno.makeTempDir({ prefix: "torale-errors-" });
  const file = join(dir, "errors.ts");
  await Deno.copyFile(join(import.meta.dirname!, "..", "..", "src", "errors.ts"), file);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function stderr() {
  const written: string[] = [];
  return { written, isTerminal: false, write: (text: string) => void written.push(text) };
}

Deno.test("an error from another copy of src/errors.ts is told as the CLI's, with its exit code", async () => {
  const other = await otherCopy();
  const usage = new other.UsageError("Invalid --http", { hints: ["Use a port."] });
  assert(!(usage instanceof UsageError), "the copies' classes differ");
  assert.equal(formatError(usage, false, SCREEN), "Error: Invalid --http\nUse a port.");
  const out = stderr();
  assert.equal(reportError(usage, out, false), 2);
  assert.deepEqual(out.written, ["Error: Invalid --http\nUse a port.\n"]);
  // A QuietExit of the other copy has been told already: only its code is left.
  const quiet = stderr();
  assert.equal(reportError(new other.QuietExit(130), quiet, false), 130);
  assert.deepEqual(quiet.written, []);
  assert.equal(reportError(new other.InterruptedError(), out, false), 130);
  assert.equal(out.written.at(-1), "Error: Interrupted\n");
});

Deno.test("anything else is an unexpected failure (exit 1), with the stack only under --debug", () => {
  const out = stderr();
  assert.equal(reportError(new TypeError("x is undefined"), out, false), 1);
  assert.deepEqual(out.written, [
    "Error: Unexpected failure: x is undefined\nThis is a bug in torale; run with --debug for the stack trace.\n",
  ]);
  // A look-alike without the brand is not taken for one.
  const lookalike = Object.assign(new Error("no"), { exitCode: 2, hints: [] });
  assert.equal(reportError(lookalike, stderr(), false), 1);
  const debug = formatError(new UsageError("Bad"), true, SCREEN);
  assert.match(debug, /^Error: Bad\n\n\S*Error: Bad\n\s+at /);
  assert.equal(reportError(new QuietExit(3), stderr(), false), 3);
});

Deno.test("--debug or TORALE_DEBUG=1 shows stack traces", () => {
  const env = (value?: string) => (name: string) => name === "TORALE_DEBUG" ? value : undefined;
  assert.equal(debugOn({}, env()), false);
  assert.equal(debugOn({ debug: true }, env()), true);
  assert.equal(debugOn({}, env("1")), true);
  assert.equal(debugOn({ debug: false }, env("0")), false);
});
