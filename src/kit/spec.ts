/**
 * How command trees are declared: plain descriptions of commands and trees,
 * thin builders for them, and the repeated flag shapes. Every
 * `src/commands/<tree>/routes.ts` is written with these. Nothing here loads
 * @stricli/core: `src/kit/stricli.ts` turns a tree into stricli's objects
 * when a run needs stricli, and a run that names a command without giving it
 * any words (`torale auth status`, `torale config`) needs none of it
 * (`src/cli/direct.ts`).
 */
import type { BaseArgs, TypedCommandParameters } from "@stricli/core";
import { UsageError } from "../errors.ts";
import type { Context } from "./context.ts";

/** What `--help` says about a command or a tree. */
export interface Help {
  brief: string;
  /** Lines before the examples. */
  description?: string[];
  /**
   * Command lines, shown after `$ `; every one runs in tests/e2e/help_examples_test.ts,
   * with the ids, names and codes of tests/helpers/example_world.ts (task 3f2c, 9a1b…). A
   * trailing shell comment, shown as written, says how: `# (classic API only)` runs it
   * against the classic generation, `# exits N …` expects exit N, `# until Ctrl-C` expects
   * it to run until interrupted (then 130).
   */
  examples: string[];
}

/** A command's implementation: `this` is the context, then flags and positionals. */
export type Verb<F, A extends readonly unknown[]> = (this: Context, flags: F, ...args: A) =>
  | void
  | Promise<void>;

/** A flag as stricli reads it, whatever its type. */
export interface FlagSpec {
  readonly kind: string;
  readonly brief?: string;
  /** The value's name in help: `--query <text>`. */
  readonly placeholder?: string;
  /** An enum flag's values. */
  readonly values?: readonly string[];
  readonly hidden?: boolean;
  readonly optional?: boolean;
  readonly default?: unknown;
  readonly variadic?: unknown;
  readonly parse?: (this: Context, input: string) => unknown;
}

/** A positional argument as stricli reads it. */
export interface PositionalSpec {
  readonly brief?: string;
  readonly placeholder?: string;
  readonly optional?: boolean;
  readonly default?: string;
  readonly parse?: (this: Context, input: string) => unknown;
}

/** A command's flags and positionals, whatever their types. */
export interface Parameters {
  readonly flags?: Readonly<Record<string, FlagSpec>>;
  readonly aliases?: Readonly<Record<string, string>>;
  readonly positional?:
    | { readonly kind: "tuple"; readonly parameters: readonly PositionalSpec[] }
    | { readonly kind: "array"; readonly minimum?: number; readonly parameter: PositionalSpec };
}

/** A verb that takes any flags and positionals: how the tree holds each command's. */
// deno-lint-ignore no-explicit-any
type AnyVerb = (this: Context, flags: any, ...args: any[]) => void | Promise<void>;

/** A command of a tree: its help, parameters and the loader of its verb. */
export interface CommandNode {
  readonly kind: "command";
  readonly help: Help;
  readonly parameters: Parameters;
  readonly load: () => Promise<AnyVerb>;
}

/** A tree of commands. */
export interface RoutesNode {
  readonly kind: "routes";
  readonly help: Help;
  readonly routes: Readonly<Record<string, Node>>;
  readonly defaultCommand?: string;
  /** Other words for a route: `{ login: "set-api-key" }`. */
  readonly aliases?: Readonly<Record<string, string>>;
}

/** A node of the command tree. */
export type Node = CommandNode | RoutesNode;

/**
 * A command whose implementation is loaded only when it runs. The type
 * parameters tie the verb to its parameters; the node keeps neither.
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
): CommandNode {
  const { load, parameters, ...help } = spec;
  return {
    kind: "command",
    help,
    parameters: (parameters ?? { flags: {} }) as Parameters,
    load: load as () => Promise<AnyVerb>,
  };
}

/** A tree of commands. */
export function routes(
  spec: Help & {
    routes: Record<string, Node>;
    defaultCommand?: string;
    /** Other words for a route: `{ login: "set-api-key" }`. */
    aliases?: Record<string, string>;
  },
): RoutesNode {
  const { routes, defaultCommand, aliases, ...help } = spec;
  return { kind: "routes", help, routes, defaultCommand, aliases };
}

/**
 * The verb of `node`, ready to call with the context, flags and positionals.
 * Whatever the verb throws (or a failed load) is left in `this.outcome` for
 * `run()`: neither stricli nor the direct path sees a command's error.
 */
export async function loadVerb(node: CommandNode): Promise<AnyVerb> {
  let verb: AnyVerb;
  try {
    verb = await node.load();
  } catch (error) {
    verb = () => {
      throw error;
    };
  }
  return async function (this: Context, flags: unknown, ...args: unknown[]) {
    try {
      await verb.call(this, flags, ...args);
    } catch (error) {
      this.outcome.error = error;
    }
  };
}

/** A required text flag. */
export function text(brief: string, placeholder: string) {
  return { kind: "parsed", parse: String, brief, placeholder } as const;
}

/** An optional text flag; `candidates` lets Tab complete its value. */
export function optionalText(brief: string, placeholder: string, candidates?: Candidates) {
  return {
    ...text(brief, placeholder),
    optional: true,
    ...(candidates ? { proposeCompletions: proposer(candidates) } : {}),
  } as const;
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

/**
 * Tab completion of a flag's value from a fixed list, matched without regard to case and
 * offered in the case typed (`-X p<Tab>`: `post put patch`, which the flag takes too).
 */
export function completesFrom(values: readonly string[]) {
  return {
    proposeCompletions: proposer((_, partial) => {
      const lower = partial !== "" && partial === partial.toLowerCase();
      return values.filter((value) => value.toLowerCase().startsWith(partial.toLowerCase()))
        .map((value) => ({ value: lower ? value.toLowerCase() : value }));
    }),
  } as const;
}

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
