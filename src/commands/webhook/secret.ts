/** What several webhook verbs share: where the secret comes from, URLs and tolerances. */
import { DEFAULT_TOLERANCE_S } from "../../api/signature.ts";
import { isLoopback } from "../../api/url.ts";
import { getWebhookConfig, type WebhookConfig } from "../../api/webhooks.ts";
import { UsageError } from "../../errors.ts";
import type { Session } from "../../kit/session.ts";

/** The environment variable that may hold the webhook secret. */
export const SECRET_ENV = "TORALE_WEBHOOK_SECRET";

/**
 * The secret from `--secret`, else TORALE_WEBHOOK_SECRET, else (when `account` is given)
 * the account's webhook config; undefined when none.
 */
export async function resolveSecret(
  session: Session,
  flag: string | undefined,
  account?: () => Promise<WebhookConfig>,
): Promise<string | undefined> {
  if (flag !== undefined && flag !== "") return flag;
  const env = session.deps.env(SECRET_ENV);
  if (env) return env;
  return (await account?.())?.secret ?? undefined;
}

/** The account's config, fetched once. */
export function accountConfig(session: Session): () => Promise<WebhookConfig> {
  let config: Promise<WebhookConfig> | undefined;
  return () => config ??= getWebhookConfig(session.api());
}

/** A webhook URL the user typed: https, or http on this machine; exit 2 otherwise. */
export function checkWebhookUrl(input: string, flag = "--url"): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UsageError(`${flag} "${input}" is not a URL`, {
      hints: ["Give a full URL, e.g. https://example.com/torale"],
    });
  }
  if (url.protocol === "https:") return url.href;
  if (url.protocol === "http:" && isLoopback(url)) return url.href;
  throw new UsageError(`${flag} "${input}" must use https`, {
    hints: [
      "Torale signs deliveries but sends them over the network: use an https URL.",
      "Plain http is accepted only for this machine (localhost, 127.0.0.1), e.g. `torale webhook listen`.",
    ],
  });
}

/** A tolerance like `300`, `300s`, `5m` or `1h`, in seconds; exit 2 for anything else. */
export function parseTolerance(input: string | undefined): number | undefined {
  if (input === undefined) return undefined;
  const match = /^\s*(\d{1,7})\s*(s|m|h)?\s*$/.exec(input);
  if (!match) {
    throw new UsageError(`--tolerance "${input}" is not a duration`, {
      hints: ["Use seconds or a unit: 300, 300s, 5m, 1h (0 skips the timestamp check)."],
    });
  }
  return Number(match[1]) * ({ s: 1, m: 60, h: 3600 }[match[2] ?? "s"] ?? 1);
}

/**
 * The timestamp tolerance of `--tolerance`, in seconds: 300 when not given, and no limit for 0
 * (a delivery saved long ago), in `verify` and `listen` alike.
 */
export function toleranceSeconds(input: string | undefined): number {
  const seconds = parseTolerance(input) ?? DEFAULT_TOLERANCE_S;
  return seconds === 0 ? Number.POSITIVE_INFINITY : seconds;
}

/** The error for a command that needs a secret and found none. */
export function noSecretError(): UsageError {
  return new UsageError("No webhook secret", {
    hints: [
      `Pass --secret, or set ${SECRET_ENV}.`,
      "The account's secret exists once a URL is set: torale webhook set --url <url>",
    ],
  });
}
