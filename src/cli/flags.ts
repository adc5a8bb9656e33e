/**
 * The global flags. They are taken out of argv before stricli sees it, so
 * they work before or after the subcommand (`torale --debug task list`,
 * `torale task list --api-key sk_...`) and cost nothing per command.
 */
import type { GlobalFlags } from "../config/resolve.ts";
import { checkUrl, timeoutProblem } from "../config/schema.ts";
import { UsageError } from "../errors.ts";

/** Parses a --timeout value (seconds, 0 < t <= 3600). */
export function parseTimeout(input: string): number {
  const value = input.trim() === "" ? NaN : Number(input);
  const problem = timeoutProblem(value);
  if (problem) throw new UsageError(`Invalid timeout "${input}": ${problem}`);
  return value;
}

function parseApiUrl(input: string): string {
  checkUrl("API URL", input.trim());
  return input.trim();
}

/** Help text for the global flags, shown by every `--help`. */
export const GLOBAL_FLAGS_HELP = [
  "Global flags (before or after the command):",
  "  --api-key <key>      API key for this call (beats TORALE_API_KEY and the config file)",
  "  --api-url <url>      API base URL (beats TORALE_API_URL and the config file)",
  "  --json, --yaml       machine-readable output",
  "  --debug              trace HTTP requests to stderr, key redacted (also TORALE_DEBUG=1)",
  "  --timeout <seconds>  request timeout (default 30)",
  "  --no-color           no colour (also NO_COLOR)",
].join("\n");

const VALUE_FLAGS: Record<string, (value: string, flags: GlobalFlags) => void> = {
  "--api-key": (value, flags) => void (flags.apiKey = value),
  "--api-url": (value, flags) => void (flags.apiUrl = parseApiUrl(value)),
  "--timeout": (value, flags) => void (flags.timeout = parseTimeout(value)),
};

const BOOLEAN_FLAGS: Record<string, (flags: GlobalFlags) => void> = {
  "--json": (flags) => void (flags.json = true),
  "--yaml": (flags) => void (flags.yaml = true),
  "--debug": (flags) => void (flags.debug = true),
  "--color": (flags) => void (flags.color = true),
  "--no-color": (flags) => void (flags.color = false),
};

function kebab(flag: string): string {
  return flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** argv without the global flags, and the global flags' values. */
export interface SplitArgs {
  args: string[];
  globals: GlobalFlags;
}

/**
 * Takes the global flags out of argv, wherever they are (never after `--`),
 * and turns a root `--version`/`-v` into the `version` command. Throws a
 * UsageError for a missing or invalid value.
 */
export function splitGlobalFlags(argv: readonly string[]): SplitArgs {
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
    return { args: ["version"], globals: {} };
  }
  const globals: GlobalFlags = {};
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === "--") {
      args.push(...argv.slice(i));
      break;
    }
    const eq = token.indexOf("=");
    const name = kebab(eq > 0 ? token.slice(0, eq) : token);
    const setValue = token.startsWith("--") ? VALUE_FLAGS[name] : undefined;
    const setBoolean = token.startsWith("--") && eq < 0 ? BOOLEAN_FLAGS[name] : undefined;
    if (setValue) {
      const value = eq > 0 ? token.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`Flag ${name} needs a value`);
      setValue(value, globals);
    } else if (setBoolean) {
      setBoolean(globals);
    } else {
      args.push(token);
    }
  }
  return { args, globals };
}
