/** `torale webhook verify --signature H [--secret S] < body`: checks one saved delivery. */
import { MAX_WEBHOOK_BODY_BYTES as MAX_BODY_BYTES, verifySignature } from "../../api/signature.ts";
import { readInput } from "../../kit/input.ts";
import { CliError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { noSecretError, resolveSecret, toleranceSeconds } from "./secret.ts";

/** Flags of `webhook verify`. */
export interface VerifyFlags {
  secret?: string;
  signature: string;
  tolerance?: string;
}

/** Runs `webhook verify`: exit 0 valid, 1 invalid. */
export default async function verify(this: Context, flags: VerifyFlags): Promise<void> {
  const tolerance = toleranceSeconds(flags.tolerance);
  const session = await Session.open(this.deps, this.globals);
  const secret = await resolveSecret(session, flags.secret);
  if (!secret) throw noSecretError();
  // The exact bytes: the signature is over them, not over their decoding.
  const body = await readInput(this.deps, "-", {
    limit: MAX_BODY_BYTES,
    what: "the body on stdin",
  });
  const verdict = await verifySignature(secret, flags.signature, body, {
    nowMs: this.deps.clock.now(),
    toleranceS: tolerance,
  });
  if (session.format !== "table") await session.data(verdict);
  else if (verdict.valid) {
    session.print(`${session.colors.ok} Valid signature (t=${verdict.timestamp})`);
  }
  if (!verdict.valid) {
    throw new CliError(`Invalid signature: ${verdict.reason}`, {
      hints: [
        "Check the secret (torale webhook get shows whether one is set) and that the body is byte for byte what was received.",
      ],
    });
  }
}
