/**
 * `torale completions bash|zsh|fish`: a script that asks `torale __complete`
 * for candidates, so completions always match the installed version.
 *
 * @stricli/auto-complete only installs bash completion by editing ~/.bashrc;
 * printing a script for three shells fits how CLIs are packaged better, and
 * stricli's own proposeCompletions does the work.
 */
import type { Context, NoFlags } from "../kit/context.ts";
import { UsageError } from "../errors.ts";

const SCRIPTS: Record<string, string> = {
  bash: `# torale completion for bash. Load it with:  source <(torale completions bash)
_torale_complete() {
  local IFS=$'\\n'
  COMPREPLY=( $(torale __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) )
}
complete -o default -F _torale_complete torale
`,
  zsh: `#compdef torale
# torale completion for zsh. Load it with:  source <(torale completions zsh)
_torale() {
  local -a candidates
  candidates=("\${(@f)$(torale __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
compdef _torale torale
`,
  fish: `# torale completion for fish. Load it with:  torale completions fish | source
function __torale_complete
    set -l tokens (commandline -opc) (commandline -ct)
    torale __complete $tokens[2..-1] 2>/dev/null
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
