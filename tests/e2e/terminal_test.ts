/**
 * On a real terminal (tmux): the spinner is drawn on stderr and erased however a wait ends,
 * Ctrl-C ends it with exit 130, and what the CLI writes fits the terminal's width.
 */
import assert from "node:assert/strict";
import { denoDir } from "../../scripts/deno_dir.ts";
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { startTestApi } from "../helpers/api.ts";
import { ENTRY, runInProcess, runNoAuth, tempHome } from "../helpers/cli.ts";
import { configPath, writeConfig } from "../helpers/config_file.ts";
import { refusedUrl } from "../helpers/net.ts";
import { hasTmux, tmux, waitFor, writtenLines } from "../helpers/tmux.ts";
import { displayWidth } from "../../src/output/width.ts";

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

/** Words as they read, wherever lines break: a word broken in two would read as two. */
function words(text: string): string {
  return text.replace(/\d+ ms\b/g, "N ms").replace(/\s+/g, " ").replace(/\| /g, "|").trim();
}

Deno.test({
  name: "at 60, 80 and 120 columns errors, doctor and --help break no word, commands stay whole",
  ignore: !hasTmux,
  async fn(t) {
    const home = await tempHome();
    await writeConfig(home, { timeout: 20 });
    await Deno.chmod(configPath(home), 0o644);
    const key = "sk_" + "T".repeat(43);
    const url = refusedUrl();
    const profile = "my-very-long-profile-name";
    const runs = [["--help"], ["doctor"], ["task", "list", "--profile", profile]];
    // Commands to copy that the hints and fixes of these runs give.
    const commands = [
      `torale auth set-api-key --profile ${profile}`,
      `chmod 600 "${configPath(home)}"`,
    ];
    const piped: string[] = [];
    for (const args of runs) {
      const result = await runInProcess(args, {
        home,
        env: { TORALE_API_KEY: key, TORALE_API_URL: url },
        secrets: [key],
      });
      // The config's mode warning (stderr) comes before doctor's report (stdout).
      piped.push(words(result.stderr + result.stdout));
    }
    const cli = `"${Deno.execPath()}" run ${cliPermissionFlags().join(" ")} "${ENTRY}"`;
    for (const columns of [60, 80, 120]) {
      for (const color of [true, false]) {
        await t.step(`${columns} columns, colour ${color ? "on" : "off"}`, async () => {
          const env = `env -i PATH="${Deno.env.get("PATH")}" HOME=${home} ` +
            `DENO_DIR=${await denoDir()} TORALE_API_KEY=${key} TORALE_API_URL=${url}` +
            (color ? "" : " NO_COLOR=1");
          const shell = runs.map((args, i) => `echo "== ${i}"; ${env} ${cli} ${args.join(" ")}`)
            .join("; ") + '; echo "== DONE"; sleep 60';
          const socket = `torale-test-${crypto.randomUUID().slice(0, 8)}`;
          try {
            await tmux(
              socket,
              "new-session",
              "-d",
              "-s",
              "cli",
              "-x",
              `${columns}`,
              "-y",
              "50",
              shell,
            );
            await waitFor(socket, "== DONE", 60_000);
            const lines = await writtenLines(socket);
            const colored = (await writtenLines(socket, { color: true })).join("\n");
            assert.equal(colored.includes("\x1b["), color, "colour as asked");
            const sections = lines.join("\n").split(/^== \S+$/m).slice(1, -1);
            assert.equal(sections.length, runs.length, lines.join("\n"));
            sections.forEach((section, i) => {
              assert.equal(words(section), piped[i], `the same words as piped: ${runs[i]}`);
              for (const line of section.split("\n")) {
                // Past the edge the terminal folds a line mid-word: only a whole command may go.
                if (displayWidth(line) > columns) {
                  assert.ok(/^ *\$ /.test(line) || commands.includes(line), `${columns}: ${line}`);
                }
              }
            });
            for (const command of commands) {
              const holding = lines.find((line) => line.includes(command));
              assert.ok(holding, `${command} whole on one line:\n${lines.join("\n")}`);
              if (displayWidth(holding) > columns) assert.equal(holding, command);
            }
            if (columns === 60) {
              for (const command of commands) assert.ok(lines.includes(command));
            }
          } finally {
            await tmux(socket, "kill-server");
          }
        });
      }
    }
  },
});
