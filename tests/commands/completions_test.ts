/** `torale completions` and the hidden `__complete` it calls, in-process. */
import assert from "node:assert/strict";
import { commandLine, runInProcess, runWithKey, tempHome } from "../helpers/cli.ts";
import { startTestApi } from "../helpers/api.ts";
import { writeConfig } from "../helpers/config_file.ts";

/**
 * One step per case: `__complete_with_descriptions <words>` prints exactly
 * `expected` (candidate<TAB>description lines), and `__complete` the bare candidates.
 */
async function stepThrough(t: Deno.TestContext, home: string, cases: [string[], string[]][]) {
  for (const [words, expected] of cases) {
    const args = ["__complete_with_descriptions", ...words];
    await t.step(commandLine(args), async () => {
      const result = await runInProcess(args, { home });
      assert.deepEqual(result, {
        code: 0,
        stdout: expected.map((line) => line + "\n").join(""),
        stderr: "",
      });
      const bare = await runInProcess(["__complete", ...words], { home });
      assert.equal(bare.stdout, expected.map((line) => line.split("\t")[0] + "\n").join(""));
    });
  }
}

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
    "connectors",
    "doctor",
    "email",
    "export",
    "local-api",
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
  await stepThrough(t, home, cases);
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

Deno.test("Tab completes profile names (auth switch, --profile) and move-key's places", async (t) => {
  const home = await tempHome();
  await writeConfig(home, {
    api_key: "sk_abcdefghijklmnopqrstuvwxyz0123456789",
    profiles: { work: { api_url: "http://127.0.0.1:8123" }, ci: {} },
  });
  const cases: [string[], string[]][] = [
    [["auth", "switch", ""], ["default", "work\thttp://127.0.0.1:8123", "ci"]],
    [["auth", "switch", "w"], ["work\thttp://127.0.0.1:8123"]],
    [["--profile", "c"], ["ci"]],
    [["task", "list", "--profile", ""], ["default", "work\thttp://127.0.0.1:8123", "ci"]],
    [["auth", "move-key", ""], [
      "keychain\tthe OS credential store",
      "file\t~/.torale/config.json (0600)",
    ]],
  ];
  await stepThrough(t, home, cases);
  // No config file: no profile but the default, and nothing on stderr.
  const empty = await runInProcess(["__complete", "auth", "switch", ""], {
    home: await tempHome(),
  });
  assert.deepEqual(empty, { code: 0, stdout: "default\n", stderr: "" });
});

Deno.test("Tab completes template ids (template get, --template) and --task with task ids", async () => {
  await using t = await startTestApi({ generation: "current" });
  const created = await runWithKey(t, ["task", "create", "-q", "Q", "-c", "C", "-n", "Tabbed"]);
  assert.equal(created.code, 0, created.stderr);
  const [task] = JSON.parse((await runWithKey(t, ["task", "list", "--json"])).stdout);
  const templates = JSON.parse((await runWithKey(t, ["template", "list", "--json"])).stdout) as {
    id: string;
    name: string;
  }[];
  assert.ok(templates.length > 1);
  const lines = (items: { id: string; name: string }[]) =>
    items.map(({ id, name }) => `${id}\t${name}\n`).join("");
  const complete = (words: string[]) => runWithKey(t, ["__complete_with_descriptions", ...words]);
  assert.equal((await complete(["template", "get", ""])).stdout, lines(templates));
  const first = templates[0];
  const prefix = first.id.slice(0, 6);
  assert.equal(
    (await complete(["task", "create", "--template", prefix])).stdout,
    lines(templates.filter(({ id }) => id.startsWith(prefix))),
  );
  for (
    const words of [["notifications", "list", "--task", ""], [
      "webhook",
      "deliveries",
      "--task",
      "",
    ]]
  ) {
    const result = await complete(words);
    assert.deepEqual(result, { code: 0, stdout: `${task.id}\tTabbed\n`, stderr: "" });
  }
});

Deno.test("torale help <Tab> offers the help topics beside the commands", async (t) => {
  const home = await tempHome();
  await stepThrough(t, home, [
    [["help", "ex"], [
      "export\tWrite the account's tasks as a monitors file (torale.yaml)",
      "exit-codes\tWhat each exit code means",
    ]],
    [["help", "gen"], ["generations\tThe classic and current Torale API, and what differs"]],
  ]);
  const all = await runInProcess(["__complete", "help", ""], { home });
  for (const word of ["task", "auth", "exit-codes", "environment", "config-file", "formats"]) {
    assert.match(all.stdout, new RegExp(`^${word}$`, "m"), word);
  }
});
