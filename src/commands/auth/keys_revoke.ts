/** `torale auth keys revoke <id>`: revoke an API key, after asking. */
import { findKey, revokeKey } from "../../api/keys.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { UsageError } from "../../errors.ts";
import { clean } from "../../output/sanitize.ts";

/** Flags of `auth keys revoke`. */
export type RevokeFlags = { yes?: boolean };

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
  if (!flags.yes) {
    if (!this.deps.io.stdin.isTerminal) {
      throw new UsageError("Refusing to revoke without --yes when stdin is not a terminal", {
        hints: [`Run: torale auth keys revoke ${key.id} --yes`],
      });
    }
    const ok = await this.deps.prompt.confirm(
      `Revoke API key "${
        clean(String(key.name))
      }" (${key.key_prefix})? Commands using it will stop working.`,
    );
    if (!ok) return session.info("Cancelled; the key is still active.");
  }
  await revokeKey(client, key.id);
  await session.output({ id: key.id, status: "revoked" }, (shown) => {
    session.print(`${session.colors.ok} Revoked API key ${shown.id}`);
  });
}
