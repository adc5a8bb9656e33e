/** `torale completions` and the hidden `__complete` it calls, in-process. */
import assert from "node:assert/strict";
import { commandLine, runInProcess, tempHome } from "../helpers/cli.ts";

Deno.test("completion candidates include command and global flags", async () => {
  const result = await runInProcess(["__complete", "task", "list", "--"], {
    home: await tempHome(),
  });
  const candidates = result.stdout.trim().split("\n");
  for (const flag of ["--active", "--paused", "--limit", "--json", "--jq", "--api-key"]) {
    assert(candidates.includes(flag), flag);
  }
});

Deno.test("completion candidates at the root are every command", async () => {
  const result = await runInProcess(["__complete", ""], { home: await tempHome() });
  assert.deepEqual(result.stdout.trim().split("\n").sort(), [
    "api",
    "apply",
    "auth",
    "completions",
    "config",
    "doctor",
    "email",
    "export",
    "notifications",
    "plan",
    "schema",
    "task",
    "template",
    "version",
    "webhook",
  ]);
});

Deno.test("zsh and fish get each candidate with its brief, bash the bare candidates", async (t) => {
  const home = await tempHome();
  const cases: [string[], string[]][] = [
    [["task", "g"], ["get\tShow every field of a task"]],
    [["task", "list", "--ac"], ["--active\tOnly active tasks"]],
    [["task", "list", "--y"], ["--yaml\tmachine-readable output as YAML"]],
    [["--debug", "auth", "keys", "r"], ["revoke\tRevoke an API key"]],
    // An enum's values share the flag's brief, which says nothing about each one.
    [["task", "logs", "--status", "f"], ["failed"]],
  ];
  for (const [words, expected] of cases) {
    const args = ["__complete_with_descriptions", ...words];
    await t.step(commandLine(args), async () => {
      const result = await runInProcess(args, { home });
      assert.deepEqual(result, {
        code: 0,
        stdout: expected.map((l) => l + "\n").join(""),
        stderr: "",
      });
      const bare = await runInProcess(["__complete", ...words], { home });
      assert.equal(bare.stdout, expected.map((line) => line.split("\t")[0] + "\n").join(""));
    });
  }
});

Deno.test("completions prints scripts for bash, zsh and fish and rejects other shells", async (ctx) => {
  const home = await tempHome();
  const cases = [
    // bash shows no descriptions: it asks for bare candidates, and lists no files.
    { shell: "bash", marker: "complete -F _torale_complete torale", asks: "torale __complete " },
    { shell: "zsh", marker: "_describe -t torale", asks: "torale __complete_with_descriptions " },
    {
      shell: "fish",
      marker: "complete -c torale -f",
      asks: "torale __complete_with_descriptions ",
    },
  ];
  for (const { shell, marker, asks } of cases) {
    await ctx.step(commandLine(["completions", shell]), async () => {
      const result = await runInProcess(["completions", shell], { home });
      assert.equal(result.code, 0);
      assert(result.stdout.includes(marker), shell);
      assert(result.stdout.includes(asks), shell);
      assert(!result.stdout.includes("-o default"), shell);
    });
  }
  const bad = await runInProcess(["completions", "powershell"], { home });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^Error: Unsupported shell "powershell"/);
});

const PERMANENT = {
  bash: [
    "echo 'source <(torale completions bash)' >> ~/.bashrc",
    "torale completions bash > ~/.local/share/bash-completion/completions/torale",
  ],
  zsh: [
    "torale completions zsh > ~/.zfunc/_torale",
    "before compinit runs:  fpath=(~/.zfunc $fpath)",
  ],
  fish: ["torale completions fish > ~/.config/fish/completions/torale.fish"],
};

Deno.test("each script's header and completions --help say how to install it for good", async (t) => {
  const home = await tempHome();
  const help = await runInProcess(["completions", "--help"], { home });
  assert.equal(help.code, 0);
  for (const [shell, lines] of Object.entries(PERMANENT)) {
    await t.step(shell, async () => {
      const script = (await runInProcess(["completions", shell], { home })).stdout;
      const header = script.split("\n").filter((line) => line.startsWith("#")).join("\n");
      for (const line of lines) {
        assert(header.includes(line), `${shell} script header: ${line}`);
        assert(help.stdout.includes(line), `completions --help: ${line}`);
      }
    });
  }
  // zsh reads `#compdef` on the first line of a file on $fpath.
  const zsh = await runInProcess(["completions", "zsh"], { home });
  assert.match(zsh.stdout, /^#compdef torale\n/);
});
