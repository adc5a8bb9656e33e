/**
 * Colour on a real terminal (tmux, TERM=xterm-256color, no NO_COLOR): `webhook set` and
 * `webhook listen` draw their marks in colour, read back with `capture-pane -e`, never as
 * escape text, and a hostile name in a delivery is still shown as escapes.
 */
import assert from "node:assert/strict";
import { denoDir } from "../../scripts/deno_dir.ts";
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { signatureHeader } from "../../src/api/signature.ts";
import { startTestApi } from "../helpers/api.ts";
import { ENTRY, tempHome } from "../helpers/cli.ts";
import { hasTmux, tmux, waitFor } from "../helpers/tmux.ts";

Deno.test({
  name:
    "webhook set and listen on an xterm-256color terminal show real colour, server text escaped",
  ignore: !hasTmux,
  async fn() {
    await using api = await startTestApi({ noauth: true });
    const torale = `HOME=${await tempHome()} DENO_DIR=${await denoDir()} TERM=xterm-256color ` +
      `TORALE_NOAUTH=1 TORALE_API_URL=${api.url} "${Deno.execPath()}" run ` +
      `${cliPermissionFlags().join(" ")} "${ENTRY}"`;
    const shell =
      `unset NO_COLOR FORCE_COLOR; ${torale} webhook set --url http://127.0.0.1:9/ && ` +
      `${torale} webhook listen --port 0; echo "EXIT=$?"; sleep 60`;
    const socket = `torale-test-${crypto.randomUUID().slice(0, 8)}`;
    try {
      await tmux(socket, "new-session", "-d", "-s", "cli", "-x", "160", "-y", "30", shell);
      const screen = await waitFor(socket, "(Ctrl-C to stop)");
      const url = /Listening for Torale webhooks on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(screen)![1];
      const config = await (await fetch(`${api.url}/api/v1/webhooks/config`)).json();
      const body = JSON.stringify({
        id: "run-1",
        event_type: "task.condition_met",
        data: { task: { id: "task-1", name: "W\u001b[2J\u001b]0;owned\u0007x" } },
      });
      const header = await signatureHeader(config.secret, Math.floor(Date.now() / 1000), body);
      for (const headers of [{ "X-Torale-Signature": header }, {} as Record<string, string>]) {
        await (await fetch(url, { method: "POST", body, headers })).body?.cancel();
      }
      const plain = await waitFor(socket, "rejected: no X-Torale-Signature header");
      const coloured = await tmux(socket, "capture-pane", "-p", "-e", "-t", "cli");
      await tmux(socket, "send-keys", "-t", "cli", "C-c");
      const done = await waitFor(socket, "EXIT=");
      assert.match(done, /EXIT=130/);
      // What the screen shows: the marks, the hostile name as escapes, no escape as text.
      assert.match(plain, /^✓ Webhook set$/m);
      assert.match(
        plain,
        /^✓ \d\d:\d\d:\d\d {2}task\.condition_met {2}task "W\\e\[2J\\e\]0;owned\\x07x"/m,
      );
      assert.match(plain, /^✗ \d\d:\d\d:\d\d {2}rejected: no X-Torale-Signature header/m);
      assert.doesNotMatch(plain, /\\e\[3\dm|\\x1b\[|\\u001b\[|\^\[\[/);
      // What the terminal was told: green and red, as attributes of the cells.
      const esc = "\x1b";
      assert(coloured.includes(`${esc}[32m✓`), JSON.stringify(coloured));
      assert(coloured.includes(`${esc}[31m✗`), JSON.stringify(coloured));
    } finally {
      await tmux(socket, "kill-server");
    }
  },
});
