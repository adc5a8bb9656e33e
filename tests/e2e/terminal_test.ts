/**
 * Waiting on a real terminal (tmux): the spinner is drawn on stderr and erased
 * however the wait ends, and Ctrl-C ends it with exit 130.
 */
import assert from "node:assert/strict";
import { denoDir } from "../../scripts/deno_dir.ts";
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { startTestApi } from "../helpers/api.ts";
import { ENTRY, runNoAuth, tempHome } from "../helpers/cli.ts";
import { hasTmux, tmux, waitFor } from "../helpers/tmux.ts";

/** A task on a NOAUTH local API, and the shell line that runs `torale <words>` on it in tmux. */
async function taskAndShell(api: { url: string }, words: (id: string) => string) {
  const home = await tempHome();
  const env = { TORALE_API_URL: api.url };
  const created = await runNoAuth(["task", "create", "-q", "q", "-c", "c", "--json"], { env });
  const id = JSON.parse(created.stdout).id;
  const flags = cliPermissionFlags().join(" ");
  return `HOME=${home} DENO_DIR=${await denoDir()} NO_COLOR=1 TORALE_NOAUTH=1 ` +
    `TORALE_API_URL=${api.url} "${Deno.execPath()}" run ${flags} "${ENTRY}" ` +
    `${words(id)}; echo "EXIT=$?"; sleep 60`;
}

Deno.test({
  name: "Ctrl-C during execute --wait exits 130 and leaves no spinner on the screen",
  ignore: !hasTmux,
  async fn() {
    // A worker this slow keeps the run pending for the length of the test.
    await using api = await startTestApi({ noauth: true, workerDelayMs: 60_000 });
    const shell = await taskAndShell(api, (id) => `task execute ${id} --wait --timeout 60`);
    const socket = `torale-test-${crypto.randomUUID().slice(0, 8)}`;
    try {
      await tmux(socket, "new-session", "-d", "-s", "cli", "-x", "120", "-y", "20", shell);
      await waitFor(socket, "Waiting for the run (pending)");
      await tmux(socket, "send-keys", "-t", "cli", "C-c");
      const done = await waitFor(socket, "EXIT=");
      assert.match(done, /EXIT=130/);
      assert.match(done, /^Error: Interrupted$/m);
      assert.doesNotMatch(done, /Waiting for the run/);
    } finally {
      await tmux(socket, "kill-server");
    }
  },
});

Deno.test({
  name: "task wait on a terminal shows its next check, and Ctrl-C exits 130 leaving no spinner",
  ignore: !hasTmux,
  async fn() {
    await using api = await startTestApi({ noauth: true });
    const shell = await taskAndShell(api, (id) => `task wait ${id} --timeout 1h`);
    const socket = `torale-test-${crypto.randomUUID().slice(0, 8)}`;
    try {
      await tmux(socket, "new-session", "-d", "-s", "cli", "-x", "160", "-y", "20", shell);
      await waitFor(socket, "next check in 5 s · Waiting for a run of");
      await tmux(socket, "send-keys", "-t", "cli", "C-c");
      const done = await waitFor(socket, "EXIT=");
      assert.match(done, /EXIT=130/);
      assert.match(done, /^Error: Interrupted$/m);
      assert.doesNotMatch(done, /Waiting for/);
    } finally {
      await tmux(socket, "kill-server");
    }
  },
});
