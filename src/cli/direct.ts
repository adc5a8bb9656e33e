/**
 * Runs a command that is named without any words of its own (`torale auth
 * status`, `torale config`, `torale task list --json`: global flags are
 * already taken out) without stricli. With nothing to parse, the verb gets
 * exactly what stricli would give it — each flag's default, or undefined,
 * false or 0 — and the run skips loading and building stricli: about a third
 * of what a start costs on top of Deno's own (README, Performance). Anything
 * else (help, flags or positionals to parse, unknown words, a required
 * parameter) is left to stricli.
 */
import { ExitCode } from "../errors.ts";
import type { Context, RunContext } from "../kit/context.ts";
import { type CommandNode, loadVerb, type Node, type Parameters } from "../kit/spec.ts";
import { rootNode, TREES } from "./trees.ts";

/**
 * The command `words` name, word for word (route names or their aliases, or
 * a tree's default command when the words end at the tree), or undefined.
 */
export function commandAt(root: Node, words: readonly string[]): CommandNode | undefined {
  let node = root;
  for (const word of words) {
    if (node.kind !== "routes") return undefined;
    const name = node.aliases && Object.hasOwn(node.aliases, word) ? node.aliases[word] : word;
    if (!Object.hasOwn(node.routes, name)) return undefined;
    node = node.routes[name];
  }
  if (node.kind === "command") return node;
  const fallback = node.defaultCommand;
  if (fallback === undefined || !Object.hasOwn(node.routes, fallback)) return undefined;
  const target = node.routes[fallback];
  return target.kind === "command" ? target : undefined;
}

/** `parse` applied as stricli applies it; undefined when it throws (stricli then reports it). */
async function tryParse(
  parse: ((this: Context, input: string) => unknown) | undefined,
  context: Context,
  input: string,
): Promise<{ value: unknown } | undefined> {
  if (parse === undefined) return undefined;
  try {
    return { value: await parse.call(context, input) };
  } catch {
    return undefined;
  }
}

/**
 * The arguments stricli passes a command given no words — the flags object,
 * then each positional — or undefined when a parameter is required (stricli
 * then says which) or a default does not parse.
 */
export async function defaultArguments(
  parameters: Parameters,
  context: Context,
): Promise<unknown[] | undefined> {
  const flags: Record<string, unknown> = {};
  for (const [name, flag] of Object.entries(parameters.flags ?? {})) {
    if (flag.default !== undefined) {
      if (flag.kind === "boolean" || flag.kind === "enum") {
        flags[name] = flag.default;
      } else if (flag.variadic && Array.isArray(flag.default)) {
        const values = [];
        for (const input of flag.default) {
          const one = await tryParse(flag.parse, context, String(input));
          if (!one) return undefined;
          values.push(one.value);
        }
        flags[name] = values;
      } else {
        const one = await tryParse(flag.parse, context, String(flag.default));
        if (!one) return undefined;
        flags[name] = one.value;
      }
    } else if (flag.optional) flags[name] = undefined;
    else if (flag.kind === "boolean") flags[name] = false;
    else if (flag.kind === "counter") flags[name] = 0;
    else return undefined;
  }
  const positional = parameters.positional;
  if (positional === undefined) return [flags];
  if (positional.kind === "array") return (positional.minimum ?? 0) > 0 ? undefined : [flags];
  const values: unknown[] = [];
  for (const parameter of positional.parameters) {
    if (parameter.default !== undefined) {
      const one = await tryParse(parameter.parse, context, parameter.default);
      if (!one) return undefined;
      values.push(one.value);
    } else if (parameter.optional) values.push(undefined);
    else return undefined;
  }
  return [flags, ...values];
}

/**
 * Runs `words` without stricli when they name a command and nothing else;
 * returns undefined, having run nothing, otherwise. A command's own failure
 * is left in `context.outcome`, as stricli's runs leave it.
 */
export async function runDirect(
  words: readonly string[],
  context: RunContext,
): Promise<number | undefined> {
  if (words.length === 0 || !Object.hasOwn(TREES, words[0])) return undefined;
  const node = commandAt(await rootNode(words[0]), words);
  if (node === undefined) return undefined;
  const { stdout, stderr } = context.deps.io;
  const full: Context = { ...context, process: { stdout, stderr } };
  const values = await defaultArguments(node.parameters, full);
  if (values === undefined) return undefined;
  const verb = await loadVerb(node);
  await verb.apply(full, values as [unknown, ...unknown[]]);
  return ExitCode.ok;
}
