/** `torale email list`: the account's verified addresses. */
import { verifiedEmails } from "../../api/emails.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";

/** Runs `email list`. */
export default async function list(this: Context, _flags: NoFlags): Promise<void> {
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
