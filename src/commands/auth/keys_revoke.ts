/** `torale auth keys revoke <id>`: revoke an API key, after asking. */
import { faultLabel, rejectedKeyFix } from "../../api/errors.ts";
import { findKey, isKeyInUse, type KeyState, keyStateNow, revokeKey } from "../../api/keys.ts";
import type { ApiKeyInfo } from "../../api/types.ts";
import type { Context } from "../../kit/context.ts";
import { keySourceLabel, Session } from "../../kit/session.ts";
import { ApiError, CliError, UsageError } from "../../errors.ts";
import { clean } from "../../output/sanitize.ts";

/** Flags of `auth keys revoke`. */
export type RevokeFlags = { yes?: boolean };

/** The key as a person recognises it: its name and the service's prefix, never the key. */
function named(key: ApiKeyInfo): string {
  return `"${clean(String(key.name))}" (${clean(String(key.key_prefix))})`;
}

/** The revoke answered 5xx and the read-back did not show the key revoked. */
function notRevoked(
  key: ApiKeyInfo,
  error: ApiError,
  state: Exclude<KeyState, "revoked">,
  inUse: string | undefined,
  /** The generation, when known: the hint about the current API's fault is for it alone. */
  generation: string | undefined,
): CliError {
  // By name only: errors mask anything key-shaped, the service's prefix too.
  const failed = `The service failed to revoke API key "${clean(String(key.name))}" (${
    faultLabel(error)
  })`;
  if (state === "unknown") {
    return new CliError(
      `${failed}, and its key list could not be read: it may or may not be revoked`,
      {
        cause: error,
        hints: [`Check the ACTIVE column of: torale auth keys list`],
      },
    );
  }
  return new CliError(`${failed}; the key is still active: it still works`, {
    cause: error,
    hints: [
      `HTTP ${error.status} is a fault on the service's side, not in what was asked.`,
      ...(generation === "current"
        ? [
          "The current Torale API fails every revoke this way, and its web app (Settings → API Keys) sends the same request, so retrying does not help until the service is fixed.",
        ]
        : []),
      ...(inUse ? [`It is the key this CLI uses (from ${inUse}).`] : []),
    ],
  });
}

/** Runs `auth keys revoke <id>`. */
export default async function revoke(
  this: Context,
  flags: RevokeFlags,
  input: string,
): Promise<void> {
  if (!/^[0-9a-f-]+$/i.test(input.trim())) {
    throw new UsageError(`Invalid key id "${input}": expected the key's id or a prefix of it`, {
      hints: ["List your keys and their ids with: torale auth keys list"],
    });
  }
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  const key = await findKey(client, input);
  // Revoking the key this very run sends: every later command fails until another is set.
  const inUse = !session.settings.noauth && isKeyInUse(key, session.settings.apiKey.value)
    ? keySourceLabel(session)
    : undefined;
  if (!flags.yes) {
    if (!this.deps.io.stdin.isTerminal) {
      throw new UsageError("Refusing to revoke without --yes when stdin is not a terminal", {
        hints: [`Run: torale auth keys revoke ${key.id} --yes`],
      });
    }
    const ok = await this.deps.prompt.confirm(
      `Revoke API key ${named(key)}? ${
        inUse ? "It is the key this CLI uses; it" : "Commands using it"
      } will stop working.`,
    );
    if (!ok) return session.info("Cancelled; the key is still active.");
  }
  try {
    await revokeKey(client, key.id);
  } catch (error) {
    // A 5xx says nothing of what the service did: its key list does.
    if (!(error instanceof ApiError) || error.status < 500) throw error;
    const state = await keyStateNow(client, key.id, inUse !== undefined);
    if (state !== "revoked") {
      // Which API it is (usually remembered, else one GET /health) decides the known-fault hint.
      const generation = state === "active"
        ? await session.generation().catch(() => undefined)
        : undefined;
      throw notRevoked(key, error, state, inUse, generation);
    }
    session.warn(
      `The service answered HTTP ${error.status} to the revoke, but the key is revoked: ${
        inUse ? "the service no longer accepts it" : "its key list shows it inactive"
      }`,
    );
  }
  await session.output({ id: key.id, status: "revoked" }, (shown) => {
    session.print(`${session.colors.ok} Revoked API key ${shown.id}`);
  });
  if (inUse) {
    session.warn(
      `That was the key this CLI uses (from ${inUse}): commands now fail until another is set`,
    );
    session.info(rejectedKeyFix(inUse));
  }
}
