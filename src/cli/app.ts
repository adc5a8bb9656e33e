/**
 * The command tree. This is the only module that imports @stricli/core;
 * every command is loaded lazily so `--help` and `--version` stay fast.
 */
import {
  ArgumentScannerError,
  buildApplication,
  buildCommand,
  buildRouteMap,
  type Command,
  formatMessageForArgumentScannerError,
  type RouteMap,
  text_en,
} from "@stricli/core";
import { UsageError } from "../errors.ts";
import { DEFAULT_MODEL } from "../config/schema.ts";
import { VERSION } from "../version.ts";
import type { Context } from "./context.ts";
import { GLOBAL_FLAGS_HELP } from "./flags.ts";

export {
  ExitCode as StricliExitCode,
  proposeCompletions,
  run as runApplication,
} from "@stricli/core";

/** An "Examples:" block followed by the global flags, for a command's help. */
function examples(...lines: string[]): string {
  return `Examples:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n\n${GLOBAL_FLAGS_HELP}`;
}

function positiveInteger(input: string): number {
  const value = /^\s*\d+\s*$/.test(input) ? Number(input) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError("expected a whole number of at least 1");
  }
  return value;
}

/** `torale auth …` */
function authRoutes() {
  const setApiKey = buildCommand({
    loader: () => import("../commands/auth/set_api_key.ts"),
    parameters: {
      flags: {
        key: {
          kind: "parsed",
          parse: String,
          brief: "The API key (otherwise a hidden prompt, or the first line of stdin)",
          optional: true,
          placeholder: "key",
        },
        verify: {
          kind: "boolean",
          brief: "Check the key with the API before saving it (--no-verify skips this)",
          default: true,
        },
      },
    },
    docs: {
      brief: "Save an API key to ~/.torale/config.json",
      fullDescription: [
        "Saves an API key after checking it with GET /auth/me. The file is written 0600.",
        "With --api-url the URL is saved too.",
        "",
        examples(
          "torale auth set-api-key",
          'echo "$TORALE_KEY" | torale auth set-api-key',
          "torale auth set-api-key --api-url http://localhost:8000 --no-verify",
        ),
      ].join("\n"),
    },
  });

  const status = buildCommand({
    loader: () => import("../commands/auth/status.ts"),
    parameters: { flags: {} },
    docs: {
      brief: "Show which key is used, from where, and whether the API accepts it",
      fullDescription: [
        "Exits 0 when authenticated, 4 when no key is configured or the key is rejected.",
        "",
        examples("torale auth status", "torale auth status --json"),
      ].join("\n"),
    },
  });

  const whoami = buildCommand({
    loader: () => import("../commands/auth/whoami.ts"),
    parameters: { flags: {} },
    docs: {
      brief: "Print the current user as JSON",
      fullDescription: examples("torale auth whoami", "torale auth whoami --yaml"),
    },
  });

  const logout = buildCommand({
    loader: () => import("../commands/auth/logout.ts"),
    parameters: { flags: {} },
    docs: {
      brief: "Remove the stored API key (other settings stay)",
      fullDescription: examples("torale auth logout"),
    },
  });

  const keys = buildRouteMap({
    routes: {
      list: buildCommand({
        loader: async () => (await import("../commands/auth/keys.ts")).list,
        parameters: { flags: {} },
        docs: {
          brief: "List your API keys (prefix, name, created, last used, active)",
          fullDescription: examples("torale auth keys list", "torale auth keys list --json"),
        },
      }),
      create: buildCommand({
        loader: async () => (await import("../commands/auth/keys.ts")).create,
        parameters: {
          flags: {},
          positional: {
            kind: "tuple",
            parameters: [{ brief: "A name for the key", parse: String, placeholder: "name" }],
          },
        },
        docs: {
          brief: "Create an API key; the key is shown once",
          fullDescription: examples('torale auth keys create "CI key"'),
        },
      }),
      revoke: buildCommand({
        loader: async () => (await import("../commands/auth/keys.ts")).revoke,
        parameters: {
          flags: {
            yes: { kind: "boolean", brief: "Do not ask for confirmation", optional: true },
          },
          aliases: { y: "yes" },
          positional: {
            kind: "tuple",
            parameters: [{ brief: "The key's id", parse: String, placeholder: "id" }],
          },
        },
        docs: {
          brief: "Revoke an API key",
          fullDescription: examples("torale auth keys revoke 3f2c… --yes"),
        },
      }),
    },
    docs: {
      brief: "Manage API keys",
      fullDescription: examples("torale auth keys list", 'torale auth keys create "CI key"'),
    },
  });

  return buildRouteMap({
    routes: { "set-api-key": setApiKey, status, whoami, logout, keys },
    docs: {
      brief: "Authenticate with Torale",
      fullDescription: [
        "Key priority: --api-key, then TORALE_API_KEY, then ~/.torale/config.json.",
        "TORALE_NOAUTH=1 (with a local API) sends no key at all.",
        "",
        examples("torale auth set-api-key", "torale auth status", "torale auth whoami"),
      ].join("\n"),
    },
  });
}

const taskIdParam = {
  brief: "Task id: the full UUID or a unique prefix of at least 4 characters",
  parse: String,
  placeholder: "id",
};

function taskCommand(verb: string, brief: string, lines: string[]) {
  return buildCommand({
    loader: async () => (await import("../commands/task/update.ts"))[verb as "pause" | "resume"],
    parameters: { flags: {}, positional: { kind: "tuple", parameters: [taskIdParam] } },
    docs: { brief, fullDescription: examples(...lines) },
  });
}

const notifyBehavior = {
  kind: "enum",
  values: ["once", "always", "track_state"],
  brief: "once (complete after the first match), always, or track_state",
} as const;

/** `torale task …` */
function taskRoutes() {
  return buildRouteMap({
    routes: {
      create: buildCommand({
        loader: () => import("../commands/task/create.ts"),
        parameters: {
          flags: {
            query: {
              kind: "parsed",
              parse: String,
              brief: "What to search for",
              placeholder: "text",
            },
            condition: {
              kind: "parsed",
              parse: String,
              brief: "When to notify you",
              placeholder: "text",
            },
            schedule: {
              kind: "parsed",
              parse: String,
              brief: "Cron schedule, 5 fields, UTC",
              default: "0 9 * * *",
              placeholder: "cron",
            },
            name: {
              kind: "parsed",
              parse: String,
              brief: "Task name (default: from the query)",
              optional: true,
              placeholder: "name",
            },
            notifyBehavior: { ...notifyBehavior, default: "once" },
            runImmediately: { kind: "boolean", brief: "Run once right away", optional: true },
            paused: { kind: "boolean", brief: "Create the task paused", optional: true },
            webhook: {
              kind: "parsed",
              parse: String,
              brief: "Notify this https:// webhook URL",
              optional: true,
              placeholder: "url",
            },
            email: {
              kind: "parsed",
              parse: String,
              brief: "Notify this email address",
              optional: true,
              placeholder: "address",
            },
            model: {
              kind: "parsed",
              parse: String,
              brief: "Model for the grounded search",
              default: DEFAULT_MODEL,
              placeholder: "model",
            },
          },
          aliases: {
            q: "query",
            c: "condition",
            s: "schedule",
            n: "name",
            w: "webhook",
            m: "model",
          },
        },
        docs: {
          brief: "Create a monitoring task",
          fullDescription: examples(
            'torale task create -q "When is the next iPhone release?" -c "A date has been announced"',
            'torale task create -q "Rust 2.0 release" -c "Released" -s "0 */6 * * *" -n "Rust 2.0" --notify-behavior always --run-immediately',
            'torale task create -q "Price of X" -c "Below $100" -w https://example.com/hook --email me@example.com --paused',
          ),
        },
      }),
      preview: buildCommand({
        loader: () => import("../commands/task/preview.ts"),
        parameters: {
          flags: {
            query: {
              kind: "parsed",
              parse: String,
              brief: "What to search for",
              placeholder: "text",
            },
            condition: {
              kind: "parsed",
              parse: String,
              brief: "Condition to check (inferred when left out)",
              optional: true,
              placeholder: "text",
            },
            model: {
              kind: "parsed",
              parse: String,
              brief: "Model for the grounded search",
              optional: true,
              placeholder: "model",
            },
          },
          aliases: { q: "query", c: "condition", m: "model" },
        },
        docs: {
          brief: "Run a search once without saving a task",
          fullDescription: examples('torale task preview -q "Next iPhone release date"'),
        },
      }),
      list: buildCommand({
        loader: () => import("../commands/task/list.ts"),
        parameters: {
          flags: {
            active: { kind: "boolean", brief: "Only active tasks", optional: true },
            paused: { kind: "boolean", brief: "Only paused tasks", optional: true },
            completed: { kind: "boolean", brief: "Only completed tasks", optional: true },
            limit: {
              kind: "parsed",
              parse: positiveInteger,
              brief: "Show at most N tasks",
              optional: true,
              placeholder: "N",
            },
          },
        },
        docs: {
          brief: "List your tasks",
          fullDescription: examples(
            "torale task list",
            "torale task list --active --limit 20",
            "torale task list --json | jq -r '.[].id'",
          ),
        },
      }),
      get: buildCommand({
        loader: () => import("../commands/task/get.ts"),
        parameters: { flags: {}, positional: { kind: "tuple", parameters: [taskIdParam] } },
        docs: {
          brief: "Show every field of a task",
          fullDescription: examples("torale task get 3f2c", "torale task get 3f2c --json"),
        },
      }),
      update: buildCommand({
        loader: () => import("../commands/task/update.ts"),
        parameters: {
          flags: {
            name: {
              kind: "parsed",
              parse: String,
              brief: "New name",
              optional: true,
              placeholder: "name",
            },
            query: {
              kind: "parsed",
              parse: String,
              brief: "New search query",
              optional: true,
              placeholder: "text",
            },
            condition: {
              kind: "parsed",
              parse: String,
              brief: "New condition",
              optional: true,
              placeholder: "text",
            },
            schedule: {
              kind: "parsed",
              parse: String,
              brief: "New cron schedule",
              optional: true,
              placeholder: "cron",
            },
            notifyBehavior: { ...notifyBehavior, optional: true },
            active: { kind: "boolean", brief: "Resume the task", optional: true },
            pause: { kind: "boolean", brief: "Pause the task", optional: true },
            inactive: { kind: "boolean", brief: "Same as --pause", optional: true },
            complete: { kind: "boolean", brief: "Mark the task completed", optional: true },
          },
          positional: { kind: "tuple", parameters: [taskIdParam] },
        },
        docs: {
          brief: "Change a task's fields or state (only what you give is sent)",
          fullDescription: examples(
            'torale task update 3f2c --name "New name" --schedule "0 */2 * * *"',
            "torale task update 3f2c --notify-behavior always --pause",
          ),
        },
      }),
      pause: taskCommand("pause", "Pause a task", ["torale task pause 3f2c"]),
      resume: taskCommand("resume", "Resume a paused or completed task", [
        "torale task resume 3f2c",
      ]),
      delete: buildCommand({
        loader: () => import("../commands/task/delete.ts"),
        parameters: {
          flags: { yes: { kind: "boolean", brief: "Do not ask for confirmation", optional: true } },
          aliases: { y: "yes" },
          positional: {
            kind: "array",
            parameter: {
              brief: "Task ids (full or unique prefixes)",
              parse: String,
              placeholder: "id",
            },
            minimum: 1,
          },
        },
        docs: {
          brief: "Delete one or more tasks",
          fullDescription: examples(
            "torale task delete 3f2c",
            "torale task delete 3f2c 9a1b --yes",
          ),
        },
      }),
      execute: buildCommand({
        loader: () => import("../commands/task/execute.ts"),
        parameters: {
          flags: {
            wait: {
              kind: "boolean",
              brief: "Wait for the run to finish and print it",
              optional: true,
            },
            suppressNotifications: {
              kind: "boolean",
              brief: "Do not send notifications for this run",
              optional: true,
            },
          },
          positional: { kind: "tuple", parameters: [taskIdParam] },
        },
        docs: {
          brief: "Run a task now",
          fullDescription: examples(
            "torale task execute 3f2c",
            "torale task execute 3f2c --wait --timeout 120",
          ),
        },
      }),
      logs: buildCommand({
        loader: () => import("../commands/task/logs.ts"),
        parameters: {
          flags: {
            status: {
              kind: "enum",
              values: ["success", "failed", "running", "pending"],
              brief: "Only runs with this status",
              optional: true,
            },
            notificationsOnly: {
              kind: "boolean",
              brief: "Only runs whose condition was met",
              optional: true,
            },
            limit: {
              kind: "parsed",
              parse: positiveInteger,
              brief: "Show at most N runs",
              default: "10",
              placeholder: "N",
            },
          },
          aliases: { l: "limit" },
          positional: { kind: "tuple", parameters: [taskIdParam] },
        },
        docs: {
          brief: "Show a task's runs: time, status, answer, sources, duration",
          fullDescription: examples(
            "torale task logs 3f2c",
            "torale task logs 3f2c --status failed",
            "torale task logs 3f2c --notifications-only --json",
          ),
        },
      }),
    },
    docs: {
      brief: "Create and watch monitoring tasks",
      fullDescription: examples(
        'torale task create -q "Next iPhone release" -c "A date is announced"',
        "torale task list",
        "torale task logs 3f2c",
      ),
    },
  });
}

const configKeyParam = {
  brief: "api_key, api_url, output_format or timeout",
  parse: String,
  placeholder: "key",
};

/** `torale config …` */
function configRoutes() {
  return buildRouteMap({
    routes: {
      list: buildCommand({
        loader: async () => (await import("../commands/config.ts")).list,
        parameters: { flags: {} },
        docs: {
          brief: "Show effective settings and where each comes from",
          fullDescription: examples("torale config", "torale config --json"),
        },
      }),
      get: buildCommand({
        loader: async () => (await import("../commands/config.ts")).get,
        parameters: {
          flags: {},
          positional: { kind: "tuple", parameters: [configKeyParam] },
        },
        docs: {
          brief: "Print one effective setting (the key masked)",
          fullDescription: examples("torale config get api_url"),
        },
      }),
      set: buildCommand({
        loader: async () => (await import("../commands/config.ts")).set,
        parameters: {
          flags: {},
          positional: {
            kind: "tuple",
            parameters: [configKeyParam, {
              brief: "The new value",
              parse: String,
              placeholder: "value",
            }],
          },
        },
        docs: {
          brief: "Validate and save a setting",
          fullDescription: examples(
            "torale config set api_url http://localhost:8000",
            "torale config set output_format json",
            "torale config set timeout 60",
          ),
        },
      }),
      unset: buildCommand({
        loader: async () => (await import("../commands/config.ts")).unset,
        parameters: {
          flags: {},
          positional: { kind: "tuple", parameters: [configKeyParam] },
        },
        docs: {
          brief: "Remove a setting",
          fullDescription: examples("torale config unset timeout"),
        },
      }),
      path: buildCommand({
        loader: async () => (await import("../commands/config.ts")).path,
        parameters: {},
        docs: {
          brief: "Print the config file's path",
          fullDescription: examples("torale config path"),
        },
      }),
    },
    defaultCommand: "list",
    docs: {
      brief: "Show or change settings in ~/.torale/config.json",
      fullDescription: examples("torale config", "torale config set output_format json"),
    },
  });
}

function versionCommand() {
  return buildCommand({
    loader: () => import("../commands/version.ts"),
    parameters: {},
    docs: {
      brief: "Print the CLI version, Deno version and build target",
      fullDescription: examples("torale version", "torale --version"),
    },
  });
}

function completionsCommand() {
  return buildCommand({
    loader: () => import("../commands/completions.ts"),
    parameters: {
      flags: {},
      positional: {
        kind: "tuple",
        parameters: [{ brief: "bash, zsh or fish", parse: String, placeholder: "shell" }],
      },
    },
    docs: {
      brief: "Print a shell completion script",
      fullDescription: examples(
        "source <(torale completions bash)",
        "source <(torale completions zsh)",
        "torale completions fish | source",
      ),
    },
  });
}

/**
 * The route tree. Building every command costs ~2 ms, so a run whose first
 * word names a command tree builds only that tree; help, completion and
 * unknown words get them all.
 */
function buildRoot(first: string | undefined) {
  const trees = {
    auth: authRoutes,
    task: taskRoutes,
    config: configRoutes,
    version: versionCommand,
    completions: completionsCommand,
  };
  const names = first !== undefined && Object.hasOwn(trees, first)
    ? [first as keyof typeof trees]
    : Object.keys(trees) as (keyof typeof trees)[];
  const routes: Record<string, RouteMap<Context> | Command<Context>> = {};
  for (const name of names) routes[name] = trees[name]();
  return buildRouteMap({
    routes,
    docs: {
      brief: "Torale watches the web for you: search queries, conditions, schedules",
      fullDescription: examples(
        "torale auth set-api-key",
        "torale auth status",
        "torale task list --json",
        "TORALE_NOAUTH=1 TORALE_API_URL=http://localhost:8000 torale task list",
      ),
    },
  });
}

/** How run() wants errors worded; stricli calls these. */
export interface ErrorText {
  /** An exception thrown by a command. */
  commandFailed(error: unknown): string;
  /** Bad flags or arguments of the command at `path` (e.g. "task list"). */
  badArguments(message: string, path: string): string;
  /** A word that is not a command of the tree at `path` ("" for the root). */
  unknownCommand(input: string, corrections: readonly string[], path: string): string;
}

type Target = RouteMap<Context> | Command<Context>;

function isRouteMap(target: Target): target is RouteMap<Context> {
  return "getRoutingTargetForInput" in target;
}

/** Follows `args` down the tree: the words that name routes, and where they lead. */
function walk(root: RouteMap<Context>, args: readonly string[]) {
  const words: string[] = [];
  let target: Target = root;
  for (const arg of args) {
    if (!isRouteMap(target)) break;
    const next = target.getRoutingTargetForInput(arg);
    if (next === undefined) break;
    words.push(arg);
    target = next;
  }
  return { path: words.join(" "), target };
}

function camel(kebab: string): string {
  return kebab.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** Whether the last word was `--flag` or its alias, left without a value. */
function endsWithFlag(target: Target, args: readonly string[], external: string): boolean {
  const last = args.at(-1) ?? "";
  if (last === `--${external}`) return true;
  const short = /^-([A-Za-z])$/.exec(last)?.[1];
  if (short === undefined || isRouteMap(target)) return false;
  const aliases = (target.parameters.aliases ?? {}) as Record<string, string>;
  return aliases[short] === camel(external);
}

function isFlag(target: Target, external: string): boolean {
  return !isRouteMap(target) && Object.hasOwn(target.parameters.flags ?? {}, camel(external));
}

/** stricli's argument errors, in the CLI's own words. */
function scannerText(target: Target, args: readonly string[]) {
  return {
    FlagNotFoundError: (
      { input, corrections }: { input: string; corrections: readonly string[] },
    ) =>
      `Unknown flag --${input}${
        corrections.length ? `; did you mean ${corrections.map((c) => `--${c}`).join(" or ")}?` : ""
      }`,
    AliasNotFoundError: ({ input }: { input: string }) => `Unknown flag -${input}`,
    UnsatisfiedFlagError: (
      { externalFlagName: name, nextFlagName: next }: {
        externalFlagName: string;
        nextFlagName?: string;
      },
    ) =>
      next
        ? `Flag --${name} needs a value, but --${next} came next`
        : endsWithFlag(target, args, name)
        ? `Flag --${name} needs a value`
        : `Missing required flag --${name}`,
    ArgumentParseError: (
      { externalFlagNameOrPlaceholder: name, input, exception }: {
        externalFlagNameOrPlaceholder: string;
        input: string;
        exception: unknown;
      },
    ) =>
      `Invalid value "${input}" for ${isFlag(target, name) ? `--${name}` : `<${name}>`}: ${
        exception instanceof Error ? exception.message : String(exception)
      }`,
    EnumValidationError: (
      { externalFlagName: name, input, values }: {
        externalFlagName: string;
        input: string;
        values: readonly string[];
      },
    ) => `Invalid value "${input}" for --${name}: expected one of ${values.join(", ")}`,
    UnexpectedFlagError: (
      { externalFlagName: name, previousInput, input }: {
        externalFlagName: string;
        previousInput: string;
        input: string;
      },
    ) => `Flag --${name} was given more than once ("${previousInput}", then "${input}")`,
    UnsatisfiedPositionalError: ({ placeholder }: { placeholder: string }) =>
      `Missing argument <${placeholder}>`,
    UnexpectedPositionalError: (
      { expectedCount, input }: { expectedCount: number; input: string },
    ) =>
      `Unexpected argument "${input}"${
        expectedCount === 0 ? ": this command takes none" : ` (at most ${expectedCount} expected)`
      }`,
  };
}

/**
 * Builds the torale application with the given error wording, for `args`
 * (the command line without global flags; only the tree it names is built).
 */
export function buildApp(errors: ErrorText, args: readonly string[] = []) {
  const root = buildRoot(args[0]);
  const at = () => walk(root, args);
  return buildApplication<Context>(root, {
    name: "torale",
    versionInfo: { currentVersion: VERSION },
    scanner: { caseStyle: "allow-kebab-for-camel" },
    documentation: { caseStyle: "convert-camel-to-kebab", disableAnsiColor: true },
    determineExitCode: (error) =>
      typeof (error as { exitCode?: unknown })?.exitCode === "number"
        ? (error as { exitCode: number }).exitCode
        : 1,
    localization: {
      loadText: () => ({
        ...text_en,
        noCommandRegisteredForInput: ({ input, corrections }) =>
          errors.unknownCommand(input, corrections, at().path),
        exceptionWhileParsingArguments: (error) => {
          const { path, target } = at();
          return errors.badArguments(
            error instanceof ArgumentScannerError
              ? formatMessageForArgumentScannerError(error, scannerText(target, args))
              : String((error as Error)?.message ?? error),
            path,
          );
        },
        exceptionWhileRunningCommand: (error) => errors.commandFailed(error),
        exceptionWhileLoadingCommandFunction: (error) => errors.commandFailed(error),
      }),
    },
  });
}
