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
    "auth",
    "completions",
    "config",
    "doctor",
    "task",
    "version",
  ]);
});

Deno.test("completions prints scripts for bash, zsh and fish and rejects other shells", async (ctx) => {
  const home = await tempHome();
  const markers = [
    ["bash", "complete -o default -F"],
    ["zsh", "compdef _torale torale"],
    ["fish", "complete -c torale"],
  ];
  for (const [shell, marker] of markers) {
    await ctx.step(commandLine(["completions", shell]), async () => {
      const result = await runInProcess(["completions", shell], { home });
      assert.equal(result.code, 0);
      assert(result.stdout.includes(marker), shell);
      assert(result.stdout.includes("torale __complete"), shell);
    });
  }
  const bad = await runInProcess(["completions", "powershell"], { home });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^Error: Unsupported shell "powershell"/);
});
