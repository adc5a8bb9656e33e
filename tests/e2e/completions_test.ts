/**
 * Shell completion scripts, loaded in real shells: bash always, zsh (on a
 * tmux terminal) and fish when they are installed. Task ids come from a local
 * API through the key in TORALE_API_KEY, as a user's shell would have it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { cleanEnv } from "../../scripts/clean_env.ts";
import { startTestApi, type TestApi } from "../helpers/api.ts";
import { tempHome } from "../helpers/cli.ts";
import { createTask } from "../helpers/tasks.ts";
import { hasTmux, tmux, waitFor } from "../helpers/tmux.ts";
import { subtree, wholeTree } from "../helpers/tree.ts";

/** Whether `shell` runs here. */
async function installed(shell: string): Promise<boolean> {
  return await new Deno.Command(shell, { args: ["-c", "true"], stdout: "null", stderr: "null" })
    .output().then((o) => o.success, () => false);
}

const hasBash = await installed("bash");
const hasZsh = await installed("zsh");
const hasFish = await installed("fish");

/** A `torale` on PATH that runs main.ts, as an installed binary would be. */
async function toraleOnPath(home: string): Promise<string> {
  const bin = join(home, "bin");
  await Deno.mkdir(bin, { recursive: true });
  const main = new URL("../../main.ts", import.meta.url).pathname;
  const flags = cliPermissionFlags().join(" ");
  await Deno.writeTextFile(
    join(bin, "torale"),
    `#!/bin/sh\nexec "${Deno.execPath()}" run ${flags} "${main}" "$@"\n`,
    { mode: 0o755 },
  );
  return bin;
}

/** The environment of a user's shell: HOME, torale on PATH, and `extra`. */
async function shellEnv(home: string, extra: Record<string, string> = {}) {
  return await cleanEnv({
    PATH: `${await toraleOnPath(home)}:${Deno.env.get("PATH")}`,
    HOME: home,
    ...extra,
  });
}

/** Runs `script` with `shell -c` in `env`; returns its stdout lines. */
async function runShell(shell: string, script: string, env: Record<string, string>) {
  const output = await new Deno.Command(shell, {
    args: ["-c", script],
    clearEnv: true,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout).split("\n").filter(Boolean);
}

async function bashComplete(
  home: string,
  line: string,
  extra: Record<string, string> = {},
): Promise<string[]> {
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
  return await runShell("bash", script, await shellEnv(home, extra));
}

/** A local API with two named tasks, and the environment that reaches it. */
async function apiWithTasks(): Promise<
  { api: TestApi; env: Record<string, string>; ids: string[] }
> {
  const api = await startTestApi();
  const alpha = await createTask(api, ["-n", "Alpha watch"]);
  const beta = await createTask(api, ["-n", "Beta watch"]);
  return {
    api,
    env: { TORALE_API_KEY: api.key, TORALE_API_URL: api.url },
    ids: [alpha.id, beta.id],
  };
}

Deno.test({
  name: "the bash completion script loads and completes commands and task verbs",
  ignore: !hasBash,
  async fn() {
    const home = await tempHome();
    assert.deepEqual(await bashComplete(home, "torale ta"), ["task"]);
    // Every task verb the tree has (its aliases are not offered), however many there are.
    const verbs = Object.keys(subtree(await wholeTree(), ["task"]).routes);
    assert(verbs.includes("create"), verbs.join(" "));
    assert.deepEqual((await bashComplete(home, "torale task ")).sort(), verbs.sort());
    assert.deepEqual(await bashComplete(home, "torale --debug auth keys r"), ["revoke"]);
  },
});

Deno.test({
  name: "bash completes task ids without descriptions and config keys, and never lists files",
  ignore: !hasBash,
  async fn() {
    const { api, env, ids } = await apiWithTasks();
    await using _ = api;
    const home = await tempHome();
    assert.deepEqual((await bashComplete(home, "torale task get ", env)).sort(), ids.sort());
    assert.deepEqual(await bashComplete(home, "torale config get output", env), ["output_format"]);
    assert.deepEqual(await bashComplete(home, "torale task get "), []);
    // No key, nothing to offer: without `-o default`, bash does not list files instead.
    const registered = "source <(torale completions bash); complete -p torale";
    assert.deepEqual(await runShell("bash", registered, await shellEnv(home)), [
      "complete -F _torale_complete torale",
    ]);
  },
});

Deno.test({
  name: "the fish completion script shows descriptions, sourced or installed for good",
  ignore: !hasFish,
  async fn() {
    const { api, env, ids } = await apiWithTasks();
    await using _ = api;
    const home = await tempHome();
    const shell = await shellEnv(home, env);
    const sourced = (line: string) =>
      runShell(
        "fish",
        `torale completions fish | source; complete -C${JSON.stringify(line)}`,
        shell,
      );
    assert.deepEqual(
      (await sourced("torale task get ")).sort(),
      [
        `${ids[0]}\tAlpha watch`,
        `${ids[1]}\tBeta watch`,
      ].sort(),
    );
    assert.deepEqual(await sourced("torale task g"), ["get\tShow every field of a task"]);
    assert.deepEqual(await sourced("torale config set api_generation "), [
      "auto",
      "classic",
      "current",
    ]);
    // Installed as the README says: fish loads it on first use, no `source` needed.
    await runShell(
      "fish",
      "mkdir -p ~/.config/fish/completions; " +
        "torale completions fish > ~/.config/fish/completions/torale.fish",
      shell,
    );
    assert.deepEqual(await runShell("fish", `complete -C"torale ta"`, shell), [
      "task\tCreate and watch monitoring tasks",
    ]);
  },
});

/** Types `line` and Tab in an interactive zsh started with `zshrc`; returns the screen. */
async function zshTab(home: string, zshrc: string, line: string, expect: string) {
  await Deno.writeTextFile(join(home, ".zshrc"), `PS1='zsh> '\n${zshrc}\n`);
  const socket = `torale-zsh-${crypto.randomUUID().slice(0, 8)}`;
  const env = Object.entries(await shellEnv(home, { TERM: "xterm", ZDOTDIR: home }))
    .map(([name, value]) => `${name}='${value}'`).join(" ");
  try {
    await tmux(
      socket,
      "new-session",
      "-d",
      "-s",
      "cli",
      "-x",
      "150",
      "-y",
      "30",
      `env -i ${env} zsh -i`,
    );
    await waitFor(socket, "zsh>");
    await tmux(socket, "send-keys", "-t", "cli", line, "Tab");
    // When the candidates share a prefix (random ids may), the first Tab only inserts it and
    // the second lists them, as zsh does for a person.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const screen = await tmux(socket, "capture-pane", "-p", "-t", "cli");
    if (!screen.includes(expect)) await tmux(socket, "send-keys", "-t", "cli", "Tab");
    return await waitFor(socket, expect);
  } finally {
    await tmux(socket, "kill-server");
  }
}

Deno.test({
  name: "the zsh completion script shows descriptions, sourced or installed on $fpath",
  ignore: !hasZsh || !hasTmux,
  async fn() {
    const { api, env, ids } = await apiWithTasks();
    await using _ = api;
    const home = await tempHome();
    const sourced = "autoload -U compinit && compinit -u\nsource <(torale completions zsh)";
    const keyed = Object.entries(env).map(([name, value]) => `export ${name}='${value}'`);
    const screen = await zshTab(home, [...keyed, sourced].join("\n"), "torale task get ", "Beta");
    assert.match(screen, new RegExp(`${ids[0]}\\s+-- Alpha watch`));
    assert.match(screen, new RegExp(`${ids[1]}\\s+-- Beta watch`));
    assert(!screen.includes(api.key), "the key appeared on the screen");
    // Installed as the README says: a _torale file on $fpath before compinit.
    await runShell(
      "zsh",
      "mkdir -p ~/.zfunc && torale completions zsh > ~/.zfunc/_torale",
      await shellEnv(home),
    );
    const installed = "fpath=(~/.zfunc $fpath)\nautoload -U compinit && compinit -u";
    const keys = await zshTab(home, installed, "torale config set ", "output_format");
    assert.match(keys, /api_url\s+-- the API base URL/);
    assert.match(keys, /timeout\s+-- request timeout in seconds/);
  },
});
