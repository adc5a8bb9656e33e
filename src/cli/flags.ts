/** The global flags, spread into every command so `--help` lists them everywhere. */
import type { GlobalFlags } from "../config/resolve.ts";
import { urlProblem } from "../config/schema.ts";
import { UsageError } from "../errors.ts";
import { parseTimeout } from "./session.ts";

function parseApiUrl(input: string): string {
  const problem = urlProblem(input.trim());
  if (problem) throw new UsageError(`Invalid API URL "${input}": ${problem}`);
  return input.trim();
}

/** Stricli definitions of the global flags. */
export const globalFlags = {
  apiKey: {
    kind: "parsed",
    parse: String,
    brief: "API key for this call (beats TORALE_API_KEY and the config file)",
    optional: true,
    placeholder: "key",
  },
  apiUrl: {
    kind: "parsed",
    parse: parseApiUrl,
    brief: "API base URL (beats TORALE_API_URL and the config file)",
    optional: true,
    placeholder: "url",
  },
  json: { kind: "boolean", brief: "Print results as JSON", optional: true },
  yaml: { kind: "boolean", brief: "Print results as YAML", optional: true },
  debug: {
    kind: "boolean",
    brief: "Trace HTTP requests to stderr (key redacted); also TORALE_DEBUG=1",
    optional: true,
  },
  timeout: {
    kind: "parsed",
    parse: parseTimeout,
    brief: "Request timeout in seconds (default 30)",
    optional: true,
    placeholder: "seconds",
  },
  color: {
    kind: "boolean",
    brief: "Colour output on a terminal (--no-color turns it off; so does NO_COLOR)",
    default: true,
  },
} as const;

/** Global flags whose value is the next argument. */
const VALUE_FLAGS = new Set(["--api-key", "--api-url", "--timeout"]);
const BOOLEAN_FLAGS = new Set([
  "--json",
  "--yaml",
  "--debug",
  "--color",
  "--no-color",
]);

function kebab(flag: string): string {
  return flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * Moves global flags written before the subcommand (`torale --debug task
 * list`) to after it, where the command's parser sees them, and turns a
 * root `--version`/`-v` into the `version` command. Arguments after `--` are
 * never touched.
 */
export function hoistGlobalFlags(argv: readonly string[]): string[] {
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
    return ["version"];
  }
  const end = argv.indexOf("--");
  const head = end < 0 ? argv : argv.slice(0, end);
  const tail = end < 0 ? [] : argv.slice(end);
  const rest: string[] = [];
  const globals: string[] = [];
  for (let i = 0; i < head.length; i++) {
    const token = head[i];
    const name = kebab(token.split("=")[0]);
    if (VALUE_FLAGS.has(name)) {
      globals.push(token);
      if (!token.includes("=") && i + 1 < head.length) globals.push(head[++i]);
    } else if (BOOLEAN_FLAGS.has(name)) {
      globals.push(token);
    } else {
      rest.push(token);
    }
  }
  return [...rest, ...globals, ...tail];
}

/** The global part of a command's parsed flags. */
export type WithGlobals<T = Record<never, never>> =
  & T
  & Omit<GlobalFlags, "color">
  & { color: boolean };
