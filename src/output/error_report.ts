/**
 * How a failure is told: the `Error: ...` line, hint lines and the exit code. `run()` reports
 * every command's failure with it, and the MCP server's bundle (`torale mcp serve`, a bundle of
 * its own: scripts/build.ts) reports its own with the same code, so both print alike.
 */
import { ExitCode, isCliError, isQuietExit } from "../errors.ts";
import type { OutStream } from "../io.ts";
import { redactKeys } from "./mask.ts";
import { capLines, clean } from "./sanitize.ts";
import { fitProse, type Screen } from "./wrap.ts";

function causeChain(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    lines.push(current instanceof Error ? (current.stack ?? String(current)) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) lines.push("Caused by:");
  }
  return lines.join("\n");
}

function permissionHint(error: Error): string[] {
  const match = /Requires (\w+) access to "?([^",]+)"?.*?(--allow-[\w-]+)/.exec(error.message);
  if (!match) {
    return ["Run it with the permissions listed in the README (or use `deno task torale`)."];
  }
  if (match[3] === "--allow-all") {
    // Devices and /proc: Deno opens them only under --allow-all, which the CLI never asks for.
    return [
      `Deno opens "${match[2]}" (a device or /proc file) only with --allow-all.`,
      "Use a regular file, or stdin and stdout: `-f -` reads stdin; without --file, export writes to stdout.",
    ];
  }
  return [
    `Deno denied ${match[1]} access to "${match[2]}". Grant it with ${match[3]}${
      match[2] ? `=${match[2]}` : ""
    }, or use \`deno task torale\`, which sets every permission the CLI needs.`,
  ];
}

/** The `Error: ...` block for any thrown value, its prose fitted to `screen` when a terminal. */
export function formatError(error: unknown, debug: boolean, screen: Screen): string {
  const lines: string[] = [];
  if (isCliError(error)) {
    lines.push(`Error: ${error.message}`, ...error.hints);
  } else if (error instanceof Deno.errors.NotCapable) {
    lines.push("Error: Missing Deno permission", ...permissionHint(error));
  } else if (error instanceof Deno.errors.PermissionDenied) {
    lines.push(`Error: Permission denied: ${error.message}`);
  } else {
    lines.push(
      `Error: Unexpected failure: ${(error as Error)?.message ?? String(error)}`,
      "This is a bug in torale; run with --debug for the stack trace.",
    );
  }
  // Error details often quote the server or the command line: neither may drive the terminal.
  const safe = (text: string) => redactKeys(capLines(clean(text)));
  const shown = fitProse(safe(lines.join("\n")), screen);
  // A stack trace is left as it is: it is read whole, or pasted into a bug report.
  return debug ? `${shown}\n\n${safe(causeChain(error))}` : shown;
}

/** Whether failures show their stack traces: --debug, or TORALE_DEBUG=1. */
export function debugOn(flags: { debug?: boolean }, env: (name: string) => string | undefined) {
  return flags.debug === true || env("TORALE_DEBUG") === "1";
}

/** Tells `error` on `stderr` (a QuietExit has told it already) and returns its exit code. */
export function reportError(error: unknown, stderr: OutStream, debug: boolean): number {
  if (!isQuietExit(error)) {
    try {
      stderr.write(formatError(error, debug, stderr) + "\n");
    } catch {
      // stderr itself cannot be written: the exit code is all that is left to say it.
    }
  }
  return isCliError(error) ? error.exitCode : ExitCode.failure;
}
