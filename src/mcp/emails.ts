/**
 * What the CLI warns about on `task create --email`, as lines a tool's answer carries: an
 * address the account has not verified gets no email until it is.
 */
import type { ApiClient } from "../api/client.ts";
import { isVerified, verifiedEmails, verifiedLookalike } from "../api/emails.ts";
import { ApiError } from "../errors.ts";

/** Warnings about notifying `email`; none when it is verified. */
export async function emailWarnings(client: ApiClient, email: string): Promise<string[]> {
  let list;
  try {
    list = await verifiedEmails(client);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return [`Could not check whether ${email} is verified (${error.message})`];
  }
  if (isVerified(list, email)) return [];
  const lookalike = verifiedLookalike(list, email);
  return [
    `${email} is not verified: Torale sends no email there until it is`,
    lookalike !== undefined
      ? `${lookalike} is verified: Torale matches addresses letter for letter, so use ${lookalike}`
      : `The user can verify it with: torale email add ${email}, then torale email verify ${email} <code>`,
  ];
}
