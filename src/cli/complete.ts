/** `torale __complete <words...>`: candidates for the last (partial) word, one per line. */
import type { Deps } from "../deps.ts";
import { ExitCode } from "../errors.ts";
import { GLOBAL_FLAG_NAMES, splitGlobalFlags } from "../cli/global_flags.ts";
import { commandCompletions } from "./app.ts";

/** Writes the candidates for `words` (the last one partial) to stdout. */
export async function complete(words: readonly string[], deps: Deps): Promise<number> {
  const partial = words[words.length - 1] ?? "";
  // Global flags are not stricli flags: take them out so they cannot confuse it.
  let args: readonly string[];
  try {
    args = splitGlobalFlags(words.slice(0, -1)).args;
  } catch {
    args = words.slice(0, -1);
  }
  const candidates = new Set(
    await commandCompletions([...args, partial], { deps, globals: {}, outcome: {} }),
  );
  if (partial.startsWith("-")) {
    for (const flag of GLOBAL_FLAG_NAMES) if (flag.startsWith(partial)) candidates.add(flag);
  }
  deps.io.stdout.write([...candidates].map((c) => c + "\n").join(""));
  return ExitCode.ok;
}
