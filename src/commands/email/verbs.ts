/** `torale email add|verify|list|remove`: verified notification addresses. */
import {
  isEmailAddress,
  isVerified,
  removeEmail,
  sendCode,
  verifiedEmails,
  verifyCode,
} from "../../api/emails.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { CliError, UsageError } from "../../errors.ts";
import { clean } from "../../output/sanitize.ts";

/** The address as typed, trimmed; an invalid one is a usage error before any request. */
function checkedAddress(input: string): string {
  const email = input.trim();
  if (!isEmailAddress(email)) {
    throw new UsageError(`Invalid email address "${input}"`, {
      hints: ["Give a whole address, e.g. torale email add alerts@example.com"],
    });
  }
  return email;
}

/** Runs `email add <address>`. */
export async function add(this: Context, _flags: NoFlags, input: string): Promise<void> {
  const email = checkedAddress(input);
  const session = await Session.open(this.deps, this.globals);
  const answer = await sendCode(session.api(), email);
  const already = answer.message === "Email already verified";
  const result = {
    email,
    status: already ? "already_verified" : "code_sent",
    expires_in_minutes: answer.expires_in_minutes ?? null,
  };
  await session.output(result, (shown) => {
    if (already) return session.print(`${session.colors.ok} ${shown.email} is already verified`);
    const minutes = shown.expires_in_minutes ?? 15;
    session.print(`${session.colors.ok} Sent a verification code to ${shown.email}`);
    session.info(
      `Look in that inbox for a 6-digit code (valid ${minutes} minutes; a local API writes it to its log).`,
    );
    session.info(`Then run: torale email verify ${shown.email} <code>`);
  });
}

/** Runs `email verify <address> <code>`. */
export async function verify(
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

/** Runs `email list`. */
export async function list(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const answer = await verifiedEmails(session.api());
  await session.output(answer, (shown) => {
    const primary = shown.primary_email;
    const others = shown.verified_emails.filter((address) => address !== primary).sort();
    session.table(
      [{ header: "EMAIL", shrink: true }, { header: "PRIMARY" }],
      [[primary, "yes"], ...others.map((address) => [address, ""])],
    );
  });
}

/** Flags of `email remove`. */
export type RemoveFlags = { yes?: boolean };

/** Runs `email remove <address>`. */
export async function remove(this: Context, flags: RemoveFlags, input: string): Promise<void> {
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
