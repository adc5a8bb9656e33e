/** The process's real standard streams. */
import type { Io } from "../io.ts";
import { CliError } from "../errors.ts";

/** Streams whose reader went away (`torale task list | head -1`). */
const closed = new WeakSet<object>();

function writeAll(file: { writeSync(p: Uint8Array): number }, text: string, name: string) {
  if (closed.has(file)) return;
  let bytes = new TextEncoder().encode(text);
  try {
    while (bytes.length > 0) bytes = bytes.subarray(file.writeSync(bytes));
  } catch (error) {
    // A closed pipe is the reader's choice, not a failure: stop writing quietly.
    if (error instanceof Deno.errors.BrokenPipe) return void closed.add(file);
    // A full disk or a failing device (`> /dev/full`) is the output's problem, not a bug.
    throw new CliError(`Could not write to ${name}: ${(error as Error).message}`, {
      hints: ["The output is incomplete. Check the disk or the file it goes to."],
      cause: error,
    });
  }
}

function columnsOf(rid: { isTerminal(): boolean }): number | undefined {
  if (!rid.isTerminal()) return undefined;
  try {
    return Deno.consoleSize().columns;
  } catch {
    return undefined;
  }
}

/** The process's real streams. */
export function systemIo(): Io {
  return {
    stdout: {
      write: (text) => writeAll(Deno.stdout, text, "stdout"),
      isTerminal: Deno.stdout.isTerminal(),
      columns: columnsOf(Deno.stdout),
    },
    stderr: {
      write: (text) => writeAll(Deno.stderr, text, "stderr"),
      isTerminal: Deno.stderr.isTerminal(),
      // The spinner fits its line to it.
      columns: columnsOf(Deno.stderr),
    },
    stdin: {
      isTerminal: Deno.stdin.isTerminal(),
      readable: () => Deno.stdin.readable,
    },
  };
}
