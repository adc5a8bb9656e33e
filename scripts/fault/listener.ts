/**
 * The hostile-client case of `deno task fault-check`: `torale webhook listen` as a real process,
 * held by 200 idle connections (past its cap of 64) and one body that trickles in a byte at a
 * time, must still answer past the cap with 503 and end at the first Ctrl-C, promptly, exit 130.
 * Everything stays on 127.0.0.1 and bounded in count and time.
 */
import { cleanEnv } from "../clean_env.ts";
import { cliPermissionFlags } from "../permissions.ts";

const encoder = new TextEncoder();
const IDLE = 200;
const CAP = 64;

/** What a connection reads until the peer closes it or `ms` pass. */
async function firstBytes(conn: Deno.Conn, ms: number): Promise<string> {
  const timer = setTimeout(() => conn.close(), ms);
  const buffer = new Uint8Array(64);
  const n = await conn.read(buffer).catch(() => null);
  clearTimeout(timer);
  return n === null ? "" : new TextDecoder().decode(buffer.subarray(0, n));
}

/** Why the hostile-client case failed, or undefined when it passed. */
export async function checkHostileListener(
  entry: string,
  home: string,
): Promise<string | undefined> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...cliPermissionFlags(), entry, "webhook", "listen", "--port", "0", "--json"],
    clearEnv: true,
    env: await cleanEnv({
      HOME: home,
      NO_COLOR: "1",
      TORALE_NOAUTH: "1",
      TORALE_WEBHOOK_SECRET: "fault-check-secret",
    }),
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let stderr = "";
  const reading = (async () => {
    for await (const text of child.stderr.pipeThrough(new TextDecoderStream())) stderr += text;
  })();
  const conns: Deno.Conn[] = [];
  const kill = setTimeout(() => child.kill("SIGKILL"), 20_000);
  try {
    for (let i = 0; i < 100 && !/on http:\/\/127\.0\.0\.1:\d+\//.test(stderr); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const port = Number(/on http:\/\/127\.0\.0\.1:(\d+)\//.exec(stderr)?.[1]);
    if (!port) return `it never listened: ${stderr.trim()}`;
    const trickle = await Deno.connect({ hostname: "127.0.0.1", port });
    conns.push(trickle);
    await trickle.write(
      encoder.encode("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9999\r\n\r\n"),
    );
    for (let i = 0; i < IDLE; i++) conns.push(await Deno.connect({ hostname: "127.0.0.1", port }));
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await trickle.write(encoder.encode("x"));
    }
    const past = await Promise.all(conns.slice(CAP).map((conn) => firstBytes(conn, 3_000)));
    const refused = past.filter((answer) => answer.startsWith("HTTP/1.1 503")).length;
    if (refused !== past.length) {
      return `${past.length - refused} connections past the cap not refused`;
    }
    const started = performance.now();
    child.kill("SIGINT");
    const status = await child.status;
    const ms = performance.now() - started;
    await reading;
    if (status.code !== 130) return `exit ${status.code} after Ctrl-C: ${stderr.trim()}`;
    if (ms > 2_000) return `Ctrl-C took ${Math.round(ms)} ms`;
    if (!/Stopped: 0 valid, 0 rejected\./.test(stderr)) return `no summary: ${stderr.trim()}`;
    return undefined;
  } finally {
    clearTimeout(kill);
    for (const conn of conns) {
      try {
        conn.close();
      } catch {
        // closed when its read timed out
      }
    }
    try {
      child.kill("SIGKILL");
    } catch {
      // already ended
    }
    await child.status;
    await reading.catch(() => {});
  }
}
