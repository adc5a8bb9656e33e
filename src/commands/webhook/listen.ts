/**
 * `torale webhook listen`: a receiver on 127.0.0.1 that verifies each delivery's signature,
 * prints one line per request, answers 2xx only for valid ones, and can forward them.
 */
import { MAX_WEBHOOK_BODY_BYTES as MAX_BODY, verifySignature } from "../../api/signature.ts";
import { setWebhookConfig } from "../../api/webhooks.ts";
import { readAtMost } from "../../bytes.ts";
import { CliError, ExitCode, InterruptedError, QuietExit, UsageError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { escapeInData, forPeople } from "../../output/sanitize.ts";
import { Forwarder, forwardUrl, pointsAtListener, selfForwardError } from "./forward.ts";
import { type Received, receivedLine, summarise } from "./received.ts";
import { accountConfig, resolveSecret, SECRET_ENV, toleranceSeconds } from "./secret.ts";

/** Flags of `webhook listen`. */
export interface ListenFlags {
  port: number;
  secret?: string;
  forwardTo?: string;
  tolerance?: string;
}

/**
 * What the listener holds a client to; tests shorten them. A delivery is one small POST: ten
 * seconds for its head and body, 64 at once, ten seconds for the app it is forwarded to.
 */
export const LISTEN_LIMITS = {
  readTimeoutMs: 10_000,
  maxConnections: 64,
  forwardTimeoutMs: 10_000,
};

/** What to run when the account has no secret yet, in one line (exit 2). */
function noSecretYet(port: number): UsageError {
  const url = `http://127.0.0.1:${port || 8765}/`;
  return new UsageError(
    `No webhook secret yet: run \`torale webhook set --url ${url}\` to create one (or pass --secret or set ${SECRET_ENV})`,
  );
}

/**
 * True when the account's secret is to be created once listening: asked on a terminal and
 * the user said yes. Otherwise (off a terminal nobody is asked) the one-line hint, exit 2.
 */
async function offerSetup(session: Session, port: number): Promise<boolean> {
  const { io, prompt } = session.deps;
  if (!io.stdin.isTerminal || !io.stderr.isTerminal) throw noSecretYet(port);
  const question =
    "This account has no webhook secret yet. Point its webhook at this listener to create one?";
  if (await prompt.confirm(question)) return true;
  throw noSecretYet(port);
}

/** Runs `webhook listen` until Ctrl-C (exit 130). */
export default async function listen(this: Context, flags: ListenFlags): Promise<void> {
  const tolerance = toleranceSeconds(flags.tolerance);
  const forwardTo = flags.forwardTo === undefined ? undefined : forwardUrl(flags.forwardTo);

  const { deps } = this;
  const session = await Session.open(deps, this.globals);
  if (session.settings.jq !== undefined) {
    throw new UsageError("--jq does not apply to webhook listen", {
      hints: ["Use --json for JSON lines and pipe them to jq."],
    });
  }
  let secret = await resolveSecret(session, flags.secret, accountConfig(session));
  const setUp = !secret && await offerSetup(session, flags.port);
  const machine = session.format !== "table";

  async function handle(request: Request): Promise<Response> {
    if (request.method !== "POST") {
      return new Response("Torale webhook receiver: POST only\n", { status: 405 });
    }
    const length = Number(request.headers.get("content-length") ?? 0);
    // Counted as it arrives: a chunked body announces no length.
    const bytes = length > MAX_BODY ? undefined : await readAtMost(request.body, MAX_BODY);
    const body = bytes === undefined ? "" : new TextDecoder().decode(bytes);
    const now = deps.clock.now();
    const header = request.headers.get("x-torale-signature");
    const verdict = bytes === undefined
      ? { valid: false as const, reason: "body larger than 1 MiB" }
      : !secret
      // Only while the account's secret is being created: nothing can be signed yet.
      ? { valid: false as const, reason: "no secret yet" }
      // Over the exact bytes: a BOM or a byte that is not UTF-8 is signed as it came.
      : await verifySignature(secret, header, bytes, { nowMs: now, toleranceS: tolerance });
    const record: Received = {
      valid: verdict.valid,
      ...(verdict.valid ? {} : { reason: verdict.reason }),
      received_at: new Date(now).toISOString(),
      ...summarise(request.headers, body, verdict.valid),
    };
    counts[verdict.valid ? "valid" : "rejected"]++;
    const looped = verdict.valid && forwarder?.looped(request);
    if (looped) {
      record.forwarded = { error: "not forwarded: it came back to this listener (a loop)" };
    } else if (verdict.valid && forwarder && bytes) {
      record.forwarded = await forwarder.send(request, bytes);
    }
    // The record is made safe, not the line: the line's mark is ours and stays colour. JSON
    // lines carry the same data, with bidi and C1 characters escaped as --json writes them.
    if (machine) deps.io.stdout.write(escapeInData(JSON.stringify(record)) + "\n");
    else session.print(receivedLine(forPeople(record), session.colors));
    if (looped) {
      return Response.json({ received: true, forwarded: false, reason: "forwarding loop" }, {
        status: 508,
      });
    }
    if (verdict.valid) return Response.json({ received: true });
    // A request that is not a signed delivery at all is malformed; a bad signature is not authentic.
    const status = !header || /malformed|larger/.test(verdict.reason) ? 400 : 401;
    return Response.json({ received: false, reason: verdict.reason }, { status });
  }

  const counts = { valid: 0, rejected: 0 };
  const { promise: interrupted, resolve: stop } = Promise.withResolvers<void>();
  const stopListening = deps.onInterrupt(() => stop());
  // Its id marks what it sends: a delivery that comes back with it is a loop.
  const forwarder = forwardTo && new Forwarder(forwardTo, deps, {
    id: crypto.randomUUID().slice(0, 13),
    timeoutMs: LISTEN_LIMITS.forwardTimeoutMs,
  });
  let server;
  try {
    server = await deps.serve({
      hostname: "127.0.0.1",
      port: flags.port,
      maxConnections: LISTEN_LIMITS.maxConnections,
      readTimeoutMs: LISTEN_LIMITS.readTimeoutMs,
    }, handle);
  } catch (error) {
    stopListening();
    forwarder?.close();
    if ((error as Error).name === "AddrInUse") {
      throw new CliError(`Port ${flags.port} is already in use`, {
        hints: ["Pick another with --port, or --port 0 for any free port."],
        cause: error,
      });
    }
    throw error;
  }
  const url = `http://127.0.0.1:${server.port}/`;
  // Checked once bound: with --port 0 the listener's own port is known only now.
  if (forwardTo && pointsAtListener(forwardTo, server.port)) {
    stopListening();
    forwarder?.close();
    await server.shutdown();
    throw selfForwardError(forwardTo, server.port);
  }
  if (setUp) {
    // Setting the URL is what makes the server create the secret; the URL is now exact.
    try {
      // Ctrl-C ends this request too: once a listener is installed nothing else would.
      const set = setWebhookConfig(session.api(), { url, enabled: true });
      const answer = await Promise.race([
        set,
        interrupted.then(() => {
          throw new InterruptedError({
            hints: [
              "The account's webhook may now point at this stopped listener: torale webhook get",
            ],
          });
        }),
      ]);
      secret = answer.secret ?? undefined;
      if (!secret) throw noSecretYet(server.port);
    } catch (error) {
      stopListening();
      forwarder?.close();
      await server.shutdown();
      throw error;
    }
    session.done(`Webhook set to ${url}; the account has a secret now`);
  }
  if (tolerance === Number.POSITIVE_INFINITY) {
    session.warn(
      "--tolerance 0: timestamps are not checked, so a recorded delivery replayed later is accepted",
    );
  }
  session.info(`Listening for Torale webhooks on ${url} (Ctrl-C to stop)`);
  if (!setUp) session.info(`Point your account at it: torale webhook set --url ${url}`);
  await interrupted;
  stopListening();
  // At once: forwards under way are ended, requests still arriving dropped.
  forwarder?.close();
  await server.shutdown();
  // Ctrl-C is how a listener ends: a summary, not an error, and 130 as for any interrupt.
  session.info(`Stopped: ${counts.valid} valid, ${counts.rejected} rejected.`);
  throw new QuietExit(ExitCode.interrupted);
}
