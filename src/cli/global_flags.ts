/**
 * The global flags: one table from which argv parsing, every command's help
 * and shell completion derive. They are taken out of argv before stricli sees
 * it, so they work before or after the subcommand (`torale --debug task
 * list`, `torale task list --api-key sk_...`) and cost nothing per command.
 */
import type { GlobalFlags } from "../config/resolve.ts";
import { DURATION_EXAMPLES, durationMs } from "../config/duration.ts";
import { checkUrl } from "../config/schema.ts";
import { checkProfileName } from "../config/profiles.ts";
import { UsageError } from "../errors.ts";

/** One global flag. */
interface GlobalFlagSpec {
  /** `--name` as typed. */
  name: string;
  /** The value's placeholder; a flag without one is a boolean. */
  value?: string;
  /** The help line; flags without one share another flag's line (`--yaml`, `--color`). */
  help?: string;
  /** How the flag appears in help, when it is not `name <value>`. */
  label?: string;
  /** What shell completion says of a flag without a help line of its own. */
  brief?: string;
  /** Records the flag (and its value) in `flags`; throws a UsageError for a bad value. */
  set(flags: GlobalFlags, value: string): void;
}

/** The table. */
const GLOBAL_FLAGS: readonly GlobalFlagSpec[] = [
  {
    name: "--api-key",
    value: "key",
    help: "API key for this call (beats TORALE_API_KEY and the config file)",
    set: (flags, value) => void (flags.apiKey = value),
  },
  {
    name: "--api-url",
    value: "url",
    help: "API base URL (beats TORALE_API_URL and the config file)",
    set: (flags, value) => {
      checkUrl("API URL", value.trim());
      flags.apiUrl = value.trim();
    },
  },
  {
    name: "--profile",
    value: "name",
    help: "profile to use (beats TORALE_PROFILE and `torale auth switch`)",
    set: (flags, value) => void (flags.profile = checkProfileName(value.trim())),
  },
  {
    name: "--json",
    label: "--json, --yaml",
    help: "machine-readable output",
    set: (flags) => void (flags.json = true),
  },
  {
    name: "--yaml",
    brief: "machine-readable output as YAML",
    set: (flags) => void (flags.yaml = true),
  },
  {
    name: "--jq",
    value: "expr",
    help: "filter JSON output with a jq expression",
    set: (flags, value) => {
      if (value.trim() === "") {
        throw new UsageError("Flag --jq needs a jq expression, as in --jq '.[].id'");
      }
      flags.jq = value;
    },
  },
  {
    name: "--debug",
    help: "trace HTTP requests to stderr, key redacted (also TORALE_DEBUG=1)",
    set: (flags) => void (flags.debug = true),
  },
  {
    name: "--timeout",
    value: "duration",
    help: "request timeout (default 30s); how long task wait waits",
    set: (flags, value) => {
      const ms = durationMs(value);
      if (ms === undefined) {
        throw new UsageError(
          `Invalid timeout "${value}": must be a positive number of seconds or a duration`,
          { hints: [`For example ${DURATION_EXAMPLES}.`] },
        );
      }
      // Capped (3600 s) when settings resolve: only `task wait` takes longer ones.
      flags.timeout = ms / 1000;
      flags.timeoutText = value;
    },
  },
  {
    name: "--wide",
    help: "tables on a terminal: full ids, exact times, every column",
    set: (flags) => void (flags.wide = true),
  },
  {
    name: "--color",
    brief: "colour on a terminal (the default)",
    set: (flags) => void (flags.color = true),
  },
  {
    name: "--no-color",
    help: "no colour (also NO_COLOR)",
    set: (flags) => void (flags.color = false),
  },
];

const BY_NAME = new Map(GLOBAL_FLAGS.map((flag) => [flag.name, flag]));

/** The global flags with a help line: how each is written, and what it does (docs, man pages). */
export const GLOBAL_FLAG_ROWS: readonly { label: string; brief: string }[] = GLOBAL_FLAGS
  .filter((flag) => flag.help).map((flag) => ({
    label: flag.label ?? (flag.value ? `${flag.name} <${flag.value}>` : flag.name),
    brief: flag.help!,
  }));
/** Two spaces after the longest label: a help line wrapped on a terminal continues there. */
const HELP_COLUMN = Math.max(...GLOBAL_FLAG_ROWS.map(({ label }) => label.length)) + 2;

/** The global flags in full, for `torale --help`. */
export const GLOBAL_FLAGS_HELP = [
  "GLOBAL FLAGS (before or after the command)",
  ...GLOBAL_FLAG_ROWS.map(({ label, brief }) => `  ${label.padEnd(HELP_COLUMN)}${brief}`),
].join("\n");

/** The global flags in one line, for every other `--help`. */
export const GLOBAL_FLAGS_LINE = [
  "GLOBAL FLAGS",
  `  ${
    GLOBAL_FLAGS.filter((flag) => flag.help).map((flag) => flag.label ?? flag.name).join(", ")
  } (see torale --help)`,
].join("\n");

/** Each global flag and what it does, for completion. */
export const GLOBAL_FLAG_BRIEFS: ReadonlyMap<string, string> = new Map(
  GLOBAL_FLAGS.map((flag) => [flag.name, flag.brief ?? flag.help ?? ""]),
);

/** `camelCase` as `camel-case`, the way flags are typed. */
export function kebab(flag: string): string {
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
    const flag = token.startsWith("--")
      ? BY_NAME.get(kebab(eq > 0 ? token.slice(0, eq) : token))
      : undefined;
    if (flag === undefined || (flag.value === undefined && eq > 0)) {
      args.push(token);
    } else if (flag.value === undefined) {
      flag.set(globals, "");
    } else {
      const value = eq > 0 ? token.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`Flag ${flag.name} needs a value`);
      flag.set(globals, value);
    }
  }
  return { args, globals };
}
