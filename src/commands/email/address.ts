/** What the email verbs share: reading an address from the command line. */
import { isEmailAddress } from "../../api/emails.ts";
import { UsageError } from "../../errors.ts";

/** The address as typed, trimmed; an invalid one is a usage error before any request. */
export function checkedAddress(input: string): string {
  const email = input.trim();
  if (!isEmailAddress(email)) {
    throw new UsageError(`Invalid email address "${input}"`, {
      hints: ["Give a whole address, e.g. torale email add alerts@example.com"],
    });
  }
  return email;
}
