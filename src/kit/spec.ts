/**
 * How command trees are declared: the one module that imports @stricli/core,
 * thin builders over it, the repeated flag shapes and the help layout. Every
 * `src/commands/<tree>/routes.ts` is written with these.
 */
import {
  type BaseArgs,
  buildCommand,
  buildRouteMap,
  type Command,
  type RouteMap,
  type TypedCommandParameters,
} from "@stricli/core";
import { UsageError } from "../errors.ts";
import type { Context } from "./context.ts";

export {
  ArgumentScannerError,
  buildApplication,
  ExitCode as StricliExitCode,
  formatMessageForArgumentScannerError,
  proposeCompletions,
  run as runApplication,
  text_en,
} from "@stricli/core";
export type { Command, RouteMap };

/** A node of the command tree. */
export type Target = RouteMap<Context> | Command<Context>;

/** What `--help` says about a command or a tree. */
export interface Help {
  brief: string;
  /** Lines before the examples. */
  description?: string[];
  /** Command lines, shown after `$ `. */
  examples: string[];
}

/** The help text stricli shows: the description, then an EXAMPLES section. */
function helpText(help: Help): string {
  const examples = `EXAMPLES\n${help.examples.map((line) => `  $ ${line}`).join("\n")}`;
  return [...(help.description ? [...help.description, ""] : []), examples].join("\n");
}

/** A command's implementation: `this` is the context, then flags and positionals. */
export type Verb<F, A extends readonly unknown[]> = (this: Context, flags: F, ...args: A) =>
  | void
  | Promise<void>;

/**
 * A command whose implementation is loaded only when it runs. Whatever the
 * verb throws (or a failed load) is left in `this.outcome` for `run()`.
 */
export function command<
  const F extends Readonly<Partial<Record<keyof F, unknown>>> = NonNullable<unknown>,
  const A extends BaseArgs = [],
>(
  spec: Help & {
    load: () => Promise<Verb<F, A>>;
    /** Flags and positionals; none when left out. */
    parameters?: TypedCommandParameters<NoInfer<F>, NoInfer<A>, Context>;
  },
): Command<Context> {
  return buildCommand<F, A, Context>({
    loader: async () => {
      let verb: Verb<F, A>;
      try {
        verb = await spec.load();
      } catch (error) {
        verb = () => {
          throw error;
        };
      }
      return async function (this: Context, flags: F, ...args: A) {
        try {
          await verb.call(this, flags, ...args);
        } catch (error) {
          this.outcome.error = error;
        }
      };
    },
    parameters: spec.parameters ??
      ({ flags: {} } as unknown as TypedCommandParameters<F, A, Context>),
    docs: { brief: spec.brief, fullDescription: helpText(spec) },
  });
}

/** A tree of commands. */
export function routes(
  spec: Help & {
    routes: Record<string, Target>;
    defaultCommand?: string;
    /** Other words for a route: `{ login: "set-api-key" }`. */
    aliases?: Record<string, string>;
  },
): RouteMap<Context> {
  return buildRouteMap({
    routes: spec.routes,
    defaultCommand: spec.defaultCommand,
    aliases: spec.aliases,
    docs: { brief: spec.brief, fullDescription: helpText(spec) },
  });
}

/** A required text flag. */
export function text(brief: string, placeholder: string) {
  return { kind: "parsed", parse: String, brief, placeholder } as const;
}

/** An optional text flag. */
export function optionalText(brief: string, placeholder: string) {
  return { ...text(brief, placeholder), optional: true } as const;
}

/** An optional on/off flag (no `--no-` form: leaving it out is the off). */
export function toggle(brief: string) {
  return { kind: "boolean", brief, optional: true, withNegated: false } as const;
}

/** `--yes`/`-y`: skip the confirmation prompt. */
export const yesFlag = { yes: toggle("Do not ask for confirmation") } as const;

/** Parses a whole number of at least 1. */
function positiveInteger(input: string): number {
  const value = /^\s*\d+\s*$/.test(input) ? Number(input) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError("expected a whole number of at least 1");
  }
  return value;
}

/** An optional `--limit N` style flag. */
export function count(brief: string) {
  return {
    kind: "parsed",
    parse: positiveInteger,
    brief,
    placeholder: "N",
    optional: true,
  } as const;
}

/** A `--limit N` style flag with a default. */
export function countOr(brief: string, fallback: string) {
  return {
    kind: "parsed",
    parse: positiveInteger,
    brief,
    placeholder: "N",
    default: fallback,
  } as const;
}

/** A value shell completion offers for a positional, and what it is. */
export interface Candidate {
  value: string;
  description?: string;
}

/**
 * The values a positional can take, for shell completion, given the word
 * typed so far. Runs only on Tab; it must not throw, print or wait long.
 */
export type Candidates = (
  context: Context,
  partial: string,
) => readonly Candidate[] | Promise<readonly Candidate[]>;

/** stricli's completion hook for `candidates`: values go to stricli, descriptions aside. */
function proposer(candidates: Candidates) {
  return async function (this: Context, partial: string): Promise<string[]> {
    const found = await candidates(this, partial);
    for (const { value, description } of found) {
      if (description) this.completion?.descriptions.set(value, description);
    }
    return found.map(({ value }) => value);
  };
}

/** A positional argument; `candidates` lets Tab complete its value. */
export function arg(brief: string, placeholder: string, candidates?: Candidates) {
  return {
    brief,
    parse: String,
    placeholder,
    ...(candidates ? { proposeCompletions: proposer(candidates) } : {}),
  } as const;
}

/** Positional arguments, in order. */
export function args<const P extends readonly ReturnType<typeof arg>[]>(...parameters: P) {
  return { kind: "tuple", parameters } as const;
}
