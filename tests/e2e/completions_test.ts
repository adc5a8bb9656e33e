/** Shell completion scripts, loaded in a real bash. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { denoDir } from "../../scripts/deno_dir.ts";
import { tempHome } from "../helpers/cli.ts";

const hasBash = await new Deno.Command("bash", { args: ["-c", "true"] }).output().then(
  (o) => o.success,
  () => false,
);

/** A `torale` on PATH that runs main.ts, as an installed binary would be. */
async function toraleOnPath(home: string): Promise<string> {
  const bin = join(home, "bin");
  await Deno.mkdir(bin, { recursive: true });
  const main = new URL("../../main.ts", import.meta.url).pathname;
  const flags = cliPermissionFlags(join(home, ".torale")).join(" ");
  await Deno.writeTextFile(
    join(bin, "torale"),
    `#!/bin/sh\nexec "${Deno.execPath()}" run ${flags} "${main}" "$@"\n`,
    { mode: 0o755 },
  );
  return bin;
}

async function bashComplete(home: string, line: string): Promise<string[]> {
  const bin = await toraleOnPath(home);
  const script = `
    set -e
    source <(torale completions bash)
    COMP_LINE=${JSON.stringify(line)}
    read -r -a COMP_WORDS <<< "$COMP_LINE"
    if [[ "$COMP_LINE" == *" " ]]; then COMP_WORDS+=(""); fi
    COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
    _torale_complete
    printf '%s\\n' "\${COMPREPLY[@]}"
  `;
  const output = await new Deno.Command("bash", {
    args: ["-c", script],
    env: {
      PATH: `${bin}:${Deno.env.get("PATH")}`,
      HOME: home,
      DENO_DIR: await denoDir(),
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout).split("\n").filter(Boolean);
}

Deno.test({
  name: "the bash completion script loads and completes commands and task verbs",
  ignore: !hasBash,
  async fn() {
    const home = await tempHome();
    assert.deepEqual(await bashComplete(home, "torale ta"), ["task"]);
    assert.deepEqual(
      (await bashComplete(home, "torale task ")).sort(),
      [
        "create",
        "delete",
        "execute",
        "feed",
        "fork",
        "get",
        "list",
        "logs",
        "pause",
        "preview",
        "resume",
        "share",
        "unshare",
        "update",
      ],
    );
    assert.deepEqual(await bashComplete(home, "torale --debug auth keys r"), ["revoke"]);
  },
});
