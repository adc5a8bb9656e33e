/** `torale webhook get`: the account's webhook URL, switch, and whether a secret is set. */
import { getWebhookConfig } from "../../api/webhooks.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { printConfig, type ShownConfig } from "./render.ts";

/** Runs `webhook get`. */
export default async function get(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const config = await getWebhookConfig(session.api());
  // The secret itself is never shown, not even in --json.
  const shown: ShownConfig = {
    url: config.url,
    enabled: config.enabled === true,
    secret_set: typeof config.secret === "string" && config.secret !== "",
  };
  await session.output(shown, (shown) => printConfig(session, shown));
}
