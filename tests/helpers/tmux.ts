/** Driving the CLI on a real terminal: tmux sessions on their own server, read with capture-pane. */
/** Whether tmux is installed (the terminal tests are ignored without it). */
export const hasTmux = await new Deno.Command("tmux", {
  args: ["-V"],
  stdout: "null",
  stderr: "null",
})
  .output().then((o) => o.success, () => false);

/** Runs a tmux command on the tmux server named `socket`; returns its stdout. */
export async function tmux(socket: string, ...args: string[]): Promise<string> {
  const output = await new Deno.Command("tmux", {
    args: ["-L", socket, ...args],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  return new TextDecoder().decode(output.stdout);
}

/** Polls the `cli` pane until `text` is on the screen (10 s unless told); returns the screen. */
export async function waitFor(socket: string, text: string, timeoutMs = 10_000): Promise<string> {
  let screen = "";
  for (let i = 0; i < timeoutMs / 100; i++) {
    screen = await tmux(socket, "capture-pane", "-p", "-t", "cli");
    if (screen.includes(text)) return screen;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`"${text}" never appeared on the screen:\n${screen}`);
}

/**
 * Everything the `cli` pane shows, scrollback included, one line per line the program wrote:
 * where the terminal folded a line at its edge, the pieces are joined again.
 */
export async function writtenLines(socket: string, options: { color?: boolean } = {}) {
  const args = ["capture-pane", "-p", "-J", "-S", "-", "-t", "cli", ...options.color ? ["-e"] : []];
  return (await tmux(socket, ...args)).split("\n").map((line) => line.trimEnd());
}
