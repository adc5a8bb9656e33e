/**
 * The command tree as the docs see it: every command and tree under a root
 * word, with its full command line, found by walking the specs (never a list).
 */
import { argumentLabels, requiredFlags } from "../src/cli/flag_rows.ts";
import type { Node, RoutesNode } from "../src/kit/spec.ts";

/** A node of the tree and the words that reach it. */
export interface Entry {
  /** `torale task create` */
  line: string;
  node: Node;
}

/** `node` and everything under it, depth first, the node itself first. */
export function entries(line: string, node: Node): Entry[] {
  if (node.kind === "command") return [{ line, node }];
  return [
    { line, node },
    ...Object.entries(node.routes).flatMap(([name, child]) => entries(`${line} ${name}`, child)),
  ];
}

/** How a command or tree is called: `torale plan --file <file> [flags]`. */
export function usage({ line, node }: Entry): string {
  if (node.kind === "routes") return `${line} <command> [flags]`;
  const optional = Object.values(node.parameters.flags ?? {}).some((flag) =>
    !flag.hidden && (flag.kind === "boolean" || flag.optional || flag.default !== undefined)
  );
  return [
    line,
    ...requiredFlags(node.parameters),
    ...argumentLabels(node.parameters),
    ...(optional ? ["[flags]"] : []),
  ].join(" ");
}

/** The aliases of a tree's commands, as `ls → list`. */
export function aliasList(node: RoutesNode): string[] {
  return Object.entries(node.aliases ?? {}).map(([alias, target]) => `${alias} → ${target}`);
}

/** Turns `torale task create` into the Markdown anchor GitHub gives its heading. */
export function anchor(line: string): string {
  return line.toLowerCase().replace(/[^a-z0-9 -]/g, "").replaceAll(" ", "-");
}
