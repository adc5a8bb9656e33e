/** `torale email verify <address> <code>`: verify an address with the code sent to it. */
import type { ApiClient } from "../../api/client.ts";
import { faultLabel } from "../../api/errors.ts";
import { isVerified, type VerifiedEmails, verifiedEmails, verifyCode } from "../../api/emails.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { ApiError, CliError, UsageError } from "../../errors.ts";
import { checkedAddress } from "./address.ts";

/** Where the service's web app manages notification addresses (both generations). */
const SETTINGS_PAGE = "https://torale.ai/settings/notifications";

/** The verified list, or undefined when it cannot be read. */
async function readBack(client: ApiClient): Promise<VerifiedEmails | undefined> {
  try {
    return await verifiedEmails(client);
  } catch (error) {
    if (error instanceof CliError) return undefined;
    throw error;
  }
}

/** The verify answered 5xx and the list does not show the address verified (or is unreadable). */
function notVerified(email: string, error: ApiError, list: VerifiedEmails | undefined): CliError {
  const failed = `The service failed while checking the code (${faultLabel(error)})`;
  if (list === undefined) {
    return new CliError(
      `${failed}, and the verified list could not be read: ${email} may or may not be verified`,
      { cause: error, hints: ["Check with: torale email list"] },
    );
  }
  return new CliError(`${failed}; ${email} is still unverified`, {
    cause: error,
    hints: [
      `HTTP ${error.status} is a fault on the service's side, not a verdict on your code.`,
      `The Torale API fails every verification this way, and its web app (${SETTINGS_PAGE}) sends the same request, so retrying does not help until the service is fixed.`,
      `Meanwhile a task can notify your account's own address (${list.primary_email}) or a webhook (task create --webhook).`,
    ],
  });
}

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
  try {
    await verifyCode(client, email, digits);
  } catch (error) {
    // A 5xx says nothing of what the service did: its verified list does.
    if (!(error instanceof ApiError) || error.status < 500) throw error;
    const list = await readBack(client);
    if (list === undefined || !isVerified(list, email)) throw notVerified(email, error, list);
    session.warn(
      `The service answered HTTP ${error.status}, but it lists ${email} as verified`,
    );
    return await verified(session, email);
  }
  // The answer says "verified"; the list is what notifications will use.
  if (!isVerified(await verifiedEmails(client), email)) {
    throw new CliError(`The API accepted the code but does not list ${email} as verified`, {
      hints: ["Check with: torale email list"],
    });
  }
  await verified(session, email);
}

async function verified(session: Session, email: string): Promise<void> {
  await session.output({ email, verified: true }, (shown) => {
    session.print(`${session.colors.ok} Verified ${shown.email}`);
    session.info(`Tasks can now notify it: torale task create … --email ${shown.email}`);
  });
}
