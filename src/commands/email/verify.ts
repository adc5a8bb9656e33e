/** `torale email verify <address> <code>`: verify an address with the code sent to it. */
import { isVerified, verifiedEmails, verifyCode } from "../../api/emails.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { CliError, UsageError } from "../../errors.ts";
import { checkedAddress } from "./address.ts";

/** Runs `email verify <address> <code>`. */
export default async function verify(
  this: Context,
  _flags: NoFlags,
  input: string,
  code: string,
): Promise<void> {
  const email = checkedAddress(input);
  const digits = code.trim();
  if (!/^\d{6}$/.test(digits)) {
    throw new UsageError(`Invalid code "${code}": expected the 6 digits sent to ${email}`, {
      hints: [`No code yet? Send one with: torale email add ${email}`],
    });
  }
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  await verifyCode(client, email, digits);
  // The answer says "verified"; the list is what notifications will use.
  if (!isVerified(await verifiedEmails(client), email)) {
    throw new CliError(`The API accepted the code but does not list ${email} as verified`, {
      hints: ["Check with: torale email list"],
    });
  }
  await session.output({ email, verified: true }, (shown) => {
    session.print(`${session.colors.ok} Verified ${shown.email}`);
    session.info(`Tasks can now notify it: torale task create … --email ${shown.email}`);
  });
}
