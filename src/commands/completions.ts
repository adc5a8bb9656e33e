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

const SCRIPTS: Record<string, string> = {
  // No `-o default`: torale takes no file names, so an empty answer must not list files.
  bash: `# torale completion for bash. Load it with:  source <(torale completions bash)
_torale_complete() {
  local IFS=$'\\n'
  COMPREPLY=( $(torale __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) )
}
complete -F _torale_complete torale
`,
  zsh: `#compdef torale
# torale completion for zsh. Load it with:  source <(torale completions zsh)
_torale() {
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
compdef _torale torale
`,
  fish: `# torale completion for fish. Load it with:  torale completions fish | source
function __torale_complete
    set -l tokens (commandline -opc) (commandline -ct)
    torale __complete_with_descriptions $tokens[2..-1] 2>/dev/null
end
complete -c torale -f -a '(__torale_complete)'
`,
};

/** Runs `completions <shell>`. */
export default function completions(this: Context, _flags: NoFlags, shell: string): void {
  const script = SCRIPTS[shell];
  if (!script) {
    throw new UsageError(`Unsupported shell "${shell}"`, { hints: ["Choose bash, zsh or fish."] });
  }
  this.deps.io.stdout.write(script);
}
