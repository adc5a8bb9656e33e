/** `torale email remove <address>`: remove a verified address (not the primary one). */
import { removeEmail, verifiedEmails } from "../../api/emails.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { CliError, UsageError } from "../../errors.ts";
import { clean } from "../../output/sanitize.ts";
import { checkedAddress } from "./address.ts";

/** Flags of `email remove`. */
export type RemoveFlags = { yes?: boolean };

/** Runs `email remove <address>`. */
export default async function remove(
  this: Context,
  flags: RemoveFlags,
  input: string,
): Promise<void> {
  const email = checkedAddress(input);
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  const before = await verifiedEmails(client);
  if (before.primary_email.toLowerCase() === email.toLowerCase()) {
    throw new CliError(`Cannot remove ${email}: it is your account's primary address`, {
      hints: ["The primary address is always verified; other addresses can be removed."],
    });
  }
  const listed = before.verified_emails.find((address) => address === email);
  if (listed === undefined) {
    throw new CliError(`${email} is not one of your verified addresses`, {
      hints: ["List them with: torale email list"],
    });
  }
  if (!flags.yes) {
    if (!this.deps.io.stdin.isTerminal) {
      throw new UsageError("Refusing to remove without --yes when stdin is not a terminal", {
        hints: [`Run: torale email remove ${email} --yes`],
      });
    }
    const ok = await this.deps.prompt.confirm(
      `Remove ${clean(email)}? Tasks that notify it will fall back to your primary address.`,
    );
    if (!ok) return session.info("Cancelled; the address is still verified.");
  }
  await removeEmail(client, email);
  if ((await verifiedEmails(client)).verified_emails.includes(email)) {
    throw new CliError(`The API answered but still lists ${email} as verified`, {
      hints: ["Check with: torale email list"],
    });
  }
  await session.output({ email, status: "removed" }, (shown) => {
    session.print(`${session.colors.ok} Removed ${shown.email}`);
  });
}
