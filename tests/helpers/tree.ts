/**
 * The command tree as tests walk it: a test that means "every command" takes them from
 * here (src/cli/trees.ts), never from a list kept beside it.
 */
import { rootNode } from "../../src/cli/trees.ts";
import type { CommandNode, Node, RoutesNode } from "../../src/kit/spec.ts";

/** A node of the tree and the words that name it (none for the root). */
export interface Page<N extends Node = Node> {
  words: string[];
  node: N;
}

/** The whole tree, every tree loaded. */
export async function wholeTree(): Promise<RoutesNode> {
  return await rootNode(undefined);
}

/** Every node under `node`, itself first, each with the words that name it. */
export function pagesOf(node: Node, words: string[] = []): Page[] {
  if (node.kind === "command") return [{ words, node }];
  return [
    { words, node },
    ...Object.entries(node.routes).flatMap(([name, child]) => pagesOf(child, [...words, name])),
  ];
}

/** Every command under `node`, each with the words that name it. */
export function commandsOf(node: Node, words: string[] = []): Page<CommandNode>[] {
  return pagesOf(node, words).filter((page): page is Page<CommandNode> =>
    page.node.kind === "command"
  );
}

/** The tree `words` name in `root`; throws when they name a command or nothing. */
export function subtree(root: RoutesNode, words: string[]): RoutesNode {
  let node: Node = root;
  for (const word of words) {
    const next: Node | undefined = node.kind === "routes" ? node.routes[word] : undefined;
    if (!next) throw new Error(`no tree ${words.join(" ")}`);
    node = next;
  }
  if (node.kind !== "routes") throw new Error(`${words.join(" ")} is a command`);
  return node;
}
