/** The command `torale mcp config` prints starts torale, from any folder with a bare environment. */
import assert from "node:assert/strict";
import { runSubprocess, tempHome } from "../helpers/cli.ts";

Deno.test("the command and args mcp config prints start this torale from another folder", async () => {
  const home = await tempHome();
  const printed = await runSubprocess(["mcp", "config", "claude-desktop", "--json"], { home });
  assert.equal(printed.code, 0, printed.stderr);
  const { command, args } = JSON.parse(printed.stdout).mcpServers.torale;
  assert.deepEqual(args.slice(-2), ["mcp", "serve"]);
  // What a host does, with `version` for `mcp serve`: another folder, no PATH, only HOME.
  const started = await new Deno.Command(command, {
    args: [...args.slice(0, -2), "version"],
    cwd: home,
    clearEnv: true,
    env: { HOME: home },
    stdin: "null",
  }).output();
  const stdout = new TextDecoder().decode(started.stdout);
  assert.equal(started.code, 0, new TextDecoder().decode(started.stderr));
  assert.match(stdout, /^torale \d+\.\d+\.\d+/);
  await Deno.remove(home, { recursive: true });
});
