/**
 * Opening a URL in the user's browser: the platform's opener (`open` on macOS, the URL
 * protocol handler on Windows, `xdg-open` elsewhere), started without a shell so the URL is
 * one argument that nothing parses. Only http(s) URLs are opened.
 */

/**
 * The opener program of an OS, by name. The CLI's permissions (scripts/permissions.ts) allow
 * starting these and nothing else; `open` only ever on macOS, where it is the opener (on Linux
 * the name can be openvt's).
 */
export function openerProgram(os: typeof Deno.build.os): string {
  if (os === "darwin") return "open";
  // Not `cmd /c start`: cmd would read `&` in the URL as a command separator.
  if (os === "windows") return "rundll32";
  return "xdg-open";
}

/** The program and arguments that open `url` on this platform. */
export function openerFor(os: typeof Deno.build.os, url: string): [string, string[]] {
  const program = openerProgram(os);
  return [program, os === "windows" ? ["url.dll,FileProtocolHandler", url] : [url]];
}

/** How long the opener may take to say whether it worked; a browser it starts keeps running. */
const OPENER_WAIT_MS = 5_000;

/** Starts `program` and says whether it worked; a browser it starts keeps running. */
export type Starter = (program: string, args: string[]) => Promise<boolean>;

/**
 * Opens `url` in the browser; false when it is not http(s), the opener is missing or fails,
 * or the CLI runs without leave to start programs (Deno's --allow-run).
 */
export async function openBrowser(url: string, start: Starter = startOpener): Promise<boolean> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return false;
  const [program, args] = openerFor(Deno.build.os, parsed.href);
  return await start(program, args);
}

/** Runs the opener without a shell, its output discarded, waiting for it a bounded time. */
async function startOpener(program: string, args: string[]): Promise<boolean> {
  try {
    const child = new Deno.Command(program, {
      args,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slow = new Promise<"slow">((resolve) => {
      timer = setTimeout(() => resolve("slow"), OPENER_WAIT_MS);
    });
    const outcome = await Promise.race([child.status, slow]);
    clearTimeout(timer);
    if (outcome === "slow") {
      child.unref();
      return true;
    }
    return outcome.success;
  } catch {
    // Deno.errors.NotCapable without --allow-run; NotFound without the opener.
    return false;
  }
}
