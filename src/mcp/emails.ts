/**
 * What the CLI warns about on `task create --email`, as lines a tool's answer carries: an
 * address the account has not verified gets no email until it is.
 */
import type { ApiClient } from "../api/client.ts";
import { emailStanding } from "../api/emails.ts";

/** Warnings about notifying `email`; none when it is verified. */
export async function emailWarnings(client: ApiClient, email: string): Promise<string[]> {
  const standing = await emailStanding(client, email);
  if (standing.kind === "verified") return [];
  if (standing.kind === "unchecked") {
    return [`Could not check whether ${email} is verified (${standing.reason})`];
  }
  const { lookalike } = standing;
  return [
    `${email} is not verified: Torale sends no email there until it is`,
    lookalike !== undefined
      ? `${lookalike} is verified: Torale matches addresses letter for letter, so use ${lookalike}`
      : `The user can verify it with: torale email add ${email}, then torale email verify ${email} <code>`,
  ];
}
