/**
 * Email verification (`/api/v1/email-verification`; torale-api-current.md §3.6, the same in
 * classic): paths, shapes, and hints for the service's own 400 texts.
 */
import { ApiError } from "../errors.ts";
import type { ApiClient } from "./client.ts";

const BASE = "/api/v1/email-verification";

/** An address as the CLI accepts it before sending anything: one @, a dotted domain. */
export function isEmailAddress(value: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value);
}

/** `GET …/verified-emails`: the primary address is always among `verified_emails`. */
export interface VerifiedEmails {
  verified_emails: string[];
  primary_email: string;
}

/** The service's answer to send, verify and remove. */
export interface EmailMessage {
  message: string;
  expires_in_minutes?: number;
}

/** The service's own texts, and what to do about each. */
function withHint(error: unknown, email: string): unknown {
  if (!(error instanceof ApiError) || typeof error.detail !== "string") return error;
  const detail = error.detail;
  const resend = `Request a new code with: torale email add ${email}`;
  const hint = detail.startsWith("Invalid code.")
    ? `Check the code sent to ${email}, or request a new one with: torale email add ${email}`
    : detail.startsWith("No verification pending")
    ? `Send a code first with: torale email add ${email}`
    : detail.startsWith("Verification code expired") || detail.startsWith("Too many failed")
    ? resend
    : detail.startsWith("Too many verification requests")
    ? "The API sends at most 3 codes an hour per account; try again later."
    : undefined;
  if (hint === undefined) return error;
  return new ApiError(error.message, { status: error.status, detail, hints: [hint] });
}

/** `POST …/send`: a new code for `email`, or "Email already verified". */
export async function sendCode(client: ApiClient, email: string): Promise<EmailMessage> {
  try {
    return await client.post<EmailMessage>(`${BASE}/send`, { body: { email }, expect: "object" });
  } catch (error) {
    throw withHint(error, email);
  }
}

/** `POST …/verify`: checks a code; the service's 400 texts carry a hint. */
export async function verifyCode(
  client: ApiClient,
  email: string,
  code: string,
): Promise<EmailMessage> {
  try {
    return await client.post<EmailMessage>(`${BASE}/verify`, {
      body: { email, code },
      expect: "object",
    });
  } catch (error) {
    throw withHint(error, email);
  }
}

/** `GET …/verified-emails`. */
export function verifiedEmails(client: ApiClient): Promise<VerifiedEmails> {
  return client.get<VerifiedEmails>(`${BASE}/verified-emails`, { expect: "object" });
}

/** `DELETE …/verified-emails/{email}` (the service answers 200 even for an absent address). */
export function removeEmail(client: ApiClient, email: string): Promise<EmailMessage> {
  return client.delete<EmailMessage>(`${BASE}/verified-emails/${encodeURIComponent(email)}`, {
    expect: "object",
  });
}

/**
 * Whether `email` is verified for the account: the primary, or in the
 * verified list, character for character. The service matches a task's
 * address that way when it sends (`custom_email in verified_emails`), so
 * `Alerts@example.com` is not `alerts@example.com` there either.
 */
export function isVerified(list: VerifiedEmails, email: string): boolean {
  return verifiedAddresses(list).includes(email);
}

/** A verified address that differs from `email` only in letter case, if there is one. */
export function verifiedLookalike(list: VerifiedEmails, email: string): string | undefined {
  const wanted = email.toLowerCase();
  return verifiedAddresses(list).find((address) => address.toLowerCase() === wanted);
}

function verifiedAddresses(list: VerifiedEmails): string[] {
  return [list.primary_email, ...list.verified_emails].map(String);
}

/** Where an address a task would notify stands: what `task create` and the MCP tools warn of. */
export type EmailStanding =
  | { kind: "verified" }
  | { kind: "unverified"; lookalike?: string }
  | { kind: "unchecked"; reason: string };

/** Reads the verified list once and says where `email` stands; an API error is "unchecked". */
export async function emailStanding(client: ApiClient, email: string): Promise<EmailStanding> {
  let list: VerifiedEmails;
  try {
    list = await verifiedEmails(client);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { kind: "unchecked", reason: error.message };
  }
  if (isVerified(list, email)) return { kind: "verified" };
  return { kind: "unverified", lookalike: verifiedLookalike(list, email) };
}
