/**
 * `torale completions bash|zsh|fish`: a script that asks `torale __complete`
 * for candidates, so completions always match the installed version.
 *
 * @stricli/auto-complete only installs bash completion by editing ~/.bashrc;
 * printing a script for three shells fits how CLIs are packaged better, and
 * stricli's own proposeCompletions does the work.
 *
 * zsh and fish show a description beside each candidate, so they ask
 * `torale __complete_with_descriptions` (`candidate<TAB>description` lines);
 * bash cannot show them and asks `torale __complete`, one candidate a line, the
 * contract scripts saved by earlier versions still rely on.
 */
import type { Context, NoFlags } from "../kit/context.ts";
import { UsageError } from "../errors.ts";
import { setupLines, type Shell, SHELLS } from "./completion_setup.ts";

const SCRIPTS: Record<Shell, string> = {
  // No `-o default`: torale takes no file names, so an empty answer must not list files.
  bash: `_torale_complete() {
  local IFS=$'\\n'
  COMPREPLY=( $(torale __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) )
}
complete -F _torale_complete torale
`,
  // Autoloaded from a file on $fpath, this body runs as _torale on the first Tab: it
  // completes right away; sourced, it registers the function instead.
  zsh: `_torale() {
  local -a lines candidates
  local line value
  lines=("\${(@f)$(torale __complete_with_descriptions "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  for line in "\${lines[@]}"; do
    [[ -n $line ]] || continue
    value=\${line%%$'\\t'*}
    # _describe reads "value:description"; a colon in the value is escaped.
    if [[ $line == *$'\\t'* ]]; then
      candidates+=("\${value//:/\\\\:}:\${line#*$'\\t'}")
    else
      candidates+=("\${value//:/\\\\:}")
    fi
  done
  _describe -t torale torale candidates
}
if [[ $funcstack[1] == _torale ]]; then
  _torale "$@"
else
  compdef _torale torale
fi
`,
  fish: `function __torale_complete
    set -l tokens (commandline -opc) (commandline -ct)
    torale __complete_with_descriptions $tokens[2..-1] 2>/dev/null
end
complete -c torale -f -a '(__torale_complete)'
`,
};

/** The script's first lines: what it is and how to install it. */
function header(shell: Shell): string {
  const lines = [`torale completion for ${shell}.`, ...setupLines(shell)];
  return `${shell === "zsh" ? "#compdef torale\n" : ""}${
    lines.map((line) => `# ${line}\n`).join("")
  }`;
}

/** Runs `completions <shell>`. */
export default function completions(this: Context, _flags: NoFlags, shell: string): void {
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw new UsageError(`Unsupported shell "${shell}"`, { hints: ["Choose bash, zsh or fish."] });
  }
  this.deps.io.stdout.write(header(shell as Shell) + SCRIPTS[shell as Shell]);
}
