/** `torale email add <address>`: send a verification code to an address. */
import { sendCode } from "../../api/emails.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { checkedAddress } from "./address.ts";

/** Runs `email add <address>`. */
export default async function add(this: Context, _flags: NoFlags, input: string): Promise<void> {
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
