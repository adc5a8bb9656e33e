/**
 * The one module that loads @stricli/core: turns the CLI's command trees
 * (src/kit/spec.ts) into stricli's route maps and commands, and passes on
 * what the adapter in src/cli/app.ts uses. Only runs that need stricli
 * (help, flags or positionals to parse, completion, usage errors) load it.
 */
import {
  type BaseArgs,
  buildCommand,
  buildRouteMap,
  type Command,
  type RouteMap,
  type TypedCommandParameters,
} from "@stricli/core";
import type { Context } from "./context.ts";
import { type Help, loadVerb, type Node } from "./spec.ts";

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

/** A node of the command tree, as stricli holds it. */
export type Target = RouteMap<Context> | Command<Context>;

/** The help text stricli shows: the description, then an EXAMPLES section. */
function helpText(help: Help): string {
  const examples = `EXAMPLES\n${help.examples.map((line) => `  $ ${line}`).join("\n")}`;
  return [...(help.description ? [...help.description, ""] : []), examples].join("\n");
}

/** `node` and everything under it, as stricli's objects. */
export function toStricli(node: Node): Target {
  const docs = { brief: node.help.brief, fullDescription: helpText(node.help) };
  if (node.kind === "command") {
    return buildCommand<Record<string, unknown>, BaseArgs, Context>({
      loader: () => loadVerb(node),
      parameters: node.parameters as TypedCommandParameters<
        Record<string, unknown>,
        BaseArgs,
        Context
      >,
      docs,
    });
  }
  return buildRouteMap({
    routes: Object.fromEntries(
      Object.entries(node.routes).map(([name, child]) => [name, toStricli(child)]),
    ),
    defaultCommand: node.defaultCommand,
    aliases: node.aliases,
    docs,
  });
}
