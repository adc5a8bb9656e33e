/**
 * The hidden prompt on a real terminal (tmux), with the least-privilege
 * permissions of `deno task torale`: the key is masked, saved, and Ctrl-C
 * exits 130 with the terminal's echo restored.
 */
import assert from "node:assert/strict";
import { denoDir } from "../../scripts/deno_dir.ts";
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { ENTRY, tempHome } from "../helpers/cli.ts";
import { configPath, readConfig } from "../helpers/config_file.ts";
import { hasTmux, tmux, waitFor } from "../helpers/tmux.ts";

async function startPrompt(home: string, socket: string) {
  const flags = cliPermissionFlags().join(" ");
  const shell =
    `HOME=${home} DENO_DIR=${await denoDir()} NO_COLOR=1 "${Deno.execPath()}" run ${flags} "${ENTRY}" ` +
    `auth set-api-key --no-verify; echo "EXIT=$?"; stty -a | grep -qw -- -echo && echo ECHO=off || echo ECHO=on; sleep 60`;
  await tmux(socket, "new-session", "-d", "-s", "cli", "-x", "120", "-y", "20", shell);
}

/**
 * Runs `set-api-key` on a fresh HOME in its own tmux server, waits for the
 * prompt, hands over to `fn`, then ends that server (and only that one).
 */
async function atPrompt(fn: (home: string, socket: string) => Promise<void>): Promise<void> {
  const home = await tempHome();
  const socket = `torale-test-${crypto.randomUUID().slice(0, 8)}`;
  try {
    await startPrompt(home, socket);
    await waitFor(socket, "Paste your API key:");
    await fn(home, socket);
  } finally {
    await tmux(socket, "kill-server");
  }
}

Deno.test({
  name: "the hidden prompt masks the key and saves it under least-privilege permissions",
  ignore: !hasTmux,
  async fn() {
    const key = "sk_" + "P".repeat(43);
    await atPrompt(async (home, socket) => {
      await tmux(socket, "send-keys", "-t", "cli", key);
      const typed = await waitFor(socket, "*".repeat(46));
      assert(!typed.includes(key), "the key is not echoed");
      await tmux(socket, "send-keys", "-t", "cli", "Enter");
      const done = await waitFor(socket, "ECHO=");
      assert.match(done, /✓ API key saved to/);
      assert.match(done, /EXIT=0/);
      assert(!done.includes(key));
      const config = await readConfig(home);
      assert.equal(config.api_key, key);
    });
  },
});

Deno.test({
  name: "Ctrl-C at the prompt exits 130 and restores the terminal",
  ignore: !hasTmux,
  async fn() {
    await atPrompt(async (home, socket) => {
      await tmux(socket, "send-keys", "-t", "cli", "sk_abc");
      await tmux(socket, "send-keys", "-t", "cli", "C-c");
      const done = await waitFor(socket, "ECHO=");
      assert.match(done, /Error: Interrupted/);
      assert.match(done, /EXIT=130/);
      assert.match(done, /ECHO=on/);
      await assert.rejects(() => Deno.stat(configPath(home)), Deno.errors.NotFound);
    });
  },
});
