/** `torale webhook test [--url U]`: the service sends one signed test event; the outcome. */
import { testWebhook } from "../../api/webhooks.ts";
import { QuietExit, UsageError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { accountConfig, checkWebhookUrl, noSecretError, resolveSecret } from "./secret.ts";

/** Flags of `webhook test`. */
export interface TestFlags {
  url?: string;
  secret?: string;
}

/** Runs `webhook test`; exit 1 when the delivery failed. */
export default async function test(this: Context, flags: TestFlags): Promise<void> {
  const given = flags.url === undefined ? undefined : checkWebhookUrl(flags.url);
  const session = await Session.open(this.deps, this.globals);
  const account = accountConfig(session);
  const url = given ?? (await account()).url;
  if (!url) {
    throw new UsageError("No webhook URL configured", {
      hints: ["Set one with `torale webhook set --url <url>`, or pass --url."],
    });
  }
  const secret = await resolveSecret(session, flags.secret, account);
  if (!secret) throw noSecretError();
  const outcome = await testWebhook(session.api(), { url, secret });
  const report = { url, success: outcome.success === true, message: String(outcome.message) };
  await session.output(report, (shown) => {
    if (shown.success) session.print(`${session.colors.ok} ${shown.message} to ${shown.url}`);
    else session.print(`${session.colors.fail} ${shown.message}`);
  });
  if (!report.success) {
    if (session.format === "table") session.info(failureHint(report.message));
    throw new QuietExit(1);
  }
}

/**
 * What to check after a failed test: a receiver that answered refused the event (a 400/401
 * from `torale webhook listen` is a signature it could not verify); otherwise it was not reached.
 */
function failureHint(message: string): string {
  const status = /: HTTP (\d{3})\b/.exec(message)?.[1];
  if (status === "401" || status === "400") {
    return `The receiver answered HTTP ${status}: if it checks signatures (as \`torale webhook ` +
      "listen` does), it may hold another secret than the one the test was signed with (--secret).";
  }
  if (status) return `The receiver answered HTTP ${status}; it must answer 2xx within 10 s.`;
  return "The receiver must answer 2xx within 10 s; check it is running and reachable from the service.";
}
