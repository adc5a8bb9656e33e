/**
 * Shell completion, asked for by the scripts `torale completions` prints:
 *
 * - `torale __complete <words…>`: the candidates for the last (partial) word,
 *   one a line. bash reads this, as did every script before descriptions.
 * - `torale __complete_with_descriptions <words…>`: `candidate<TAB>description`
 *   lines (a bare candidate when there is nothing to say), for zsh and fish.
 *
 * It runs on every Tab, so it never writes to stderr and never fails: at
 * worst it prints nothing and exits 0. Task and template ids cost one API
 * call of at most two seconds (src/commands/candidates.ts).
 */
import type { Deps } from "../deps.ts";
import { ExitCode } from "../errors.ts";
import type { GlobalFlags } from "../config/resolve.ts";
import { redactKeys } from "../output/mask.ts";
import { clean } from "../output/sanitize.ts";
import { GLOBAL_FLAG_BRIEFS, splitGlobalFlags } from "./global_flags.ts";
import { commandCompletions } from "./app.ts";

/** How the candidates are written. */
export interface CompleteOptions {
  /** `candidate<TAB>description` lines instead of bare candidates. */
  descriptions?: boolean;
}

/** The longest description written: a shell shows one line per candidate. */
const MAX_DESCRIPTION = 100;

/** The candidates for the last of `words`, each with its description (maybe empty). */
async function candidates(words: readonly string[], deps: Deps): Promise<Map<string, string>> {
  const partial = words[words.length - 1] ?? "";
  // `--profile <Tab>` and `--profile=<Tab>`: a global flag's value, which stricli never sees.
  const joined = /^--profile=/.exec(partial)?.[0];
  if (words.at(-2) === "--profile" || joined) {
    const { profileCandidates } = await import("../commands/candidates.ts");
    const process = { stdout: deps.io.stdout, stderr: deps.io.stderr };
    const typed = joined ? partial.slice(joined.length) : partial;
    const found = await profileCandidates({ deps, globals: {}, outcome: {}, process }, typed);
    return new Map(
      found.map(({ value, description }) => [(joined ?? "") + value, description ?? ""]),
    );
  }
  if (words.length === 2 && words[0] === "help") {
    // `torale help <Tab>`: the commands, and the topics stricli does not know of.
    const { TOPICS } = await import("./topics/index.ts");
    const found = await candidates([partial], deps);
    for (const [name, { brief }] of Object.entries(TOPICS)) {
      if (name.startsWith(partial)) found.set(name, brief);
    }
    return found;
  }
  // Global flags are not stricli flags: take them out so they cannot confuse it.
  let args: readonly string[];
  let globals: GlobalFlags = {};
  try {
    ({ args, globals } = splitGlobalFlags(words.slice(0, -1)));
  } catch {
    args = words.slice(0, -1);
  }
  const completion = { words: args, descriptions: new Map<string, string>() };
  const proposals = await commandCompletions([...args, partial], {
    deps,
    globals,
    outcome: {},
    completion,
  });
  const found = new Map<string, string>();
  for (const { kind, completion: candidate, brief } of proposals) {
    // stricli offers `--` (end of options) even for an empty word; only a typed dash wants it.
    if (candidate === "--" && !partial.startsWith("-")) continue;
    // A value's brief is its parameter's (the same for every value): say what the value is.
    const description = kind === "argument:value"
      ? completion.descriptions.get(candidate) ?? ""
      : brief;
    if (!found.has(candidate)) found.set(candidate, description);
  }
  if (partial.startsWith("-")) {
    for (const [flag, brief] of GLOBAL_FLAG_BRIEFS) {
      if (flag.startsWith(partial) && !found.has(flag)) found.set(flag, brief);
    }
  }
  return found;
}

/** A description on one line, safe for a terminal, keys masked, not too long. */
function oneLine(description: string): string {
  const text = redactKeys(clean(description)).replace(/\s+/g, " ").trim();
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}

/** Whether `candidate` can be written as one word of the line protocol. */
function writable(candidate: string): boolean {
  // deno-lint-ignore no-control-regex
  return candidate !== "" && !/[\s\u0000-\u001f\u007f]/.test(candidate) &&
    redactKeys(candidate) === candidate;
}

/** Writes the candidates for `words` (the last one partial) to stdout; always exits 0. */
export async function complete(
  words: readonly string[],
  deps: Deps,
  options: CompleteOptions = {},
): Promise<number> {
  // Nothing may reach the terminal but candidates: a warning would land in the prompt line.
  const quiet: Deps = {
    ...deps,
    io: { ...deps.io, stderr: { write: () => {}, isTerminal: false } },
  };
  let found = new Map<string, string>();
  try {
    found = await candidates(words, quiet);
  } catch {
    // A completion that fails offers nothing; the user keeps typing.
  }
  const lines = [...found].filter(([candidate]) => writable(candidate)).map(
    ([candidate, description]) => {
      const text = options.descriptions ? oneLine(description) : "";
      return text ? `${candidate}\t${text}\n` : `${candidate}\n`;
    },
  );
  deps.io.stdout.write(lines.join(""));
  return ExitCode.ok;
}
