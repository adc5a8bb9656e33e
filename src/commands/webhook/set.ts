/** `torale webhook set --url U [--enable|--disable]`: points the account's webhook at U. */
import { setWebhookConfig } from "../../api/webhooks.ts";
import { UsageError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { printConfig, type ShownConfig } from "./render.ts";
import { checkWebhookUrl } from "./secret.ts";

/** Flags of `webhook set`. */
export interface SetFlags {
  url: string;
  enable?: boolean;
  disable?: boolean;
}

/** Runs `webhook set`. */
export default async function set(this: Context, flags: SetFlags): Promise<void> {
  if (flags.enable && flags.disable) {
    throw new UsageError("--enable and --disable cannot be used together", {
      hints: ["Leave both out to enable deliveries."],
    });
  }
  const url = checkWebhookUrl(flags.url);
  const session = await Session.open(this.deps, this.globals);
  const enabled = !flags.disable;
  const config = await setWebhookConfig(session.api(), { url, enabled });
  if (!enabled && await session.generation() === "current") {
    session.warn(
      "the current API does not check this switch when it sends: a task with a webhook notification still delivers",
    );
  }
  const shown: ShownConfig = {
    url: config.url,
    enabled: config.enabled,
    secret_set: typeof config.secret === "string" && config.secret !== "",
  };
  await session.output(shown, (shown) => {
    session.done(`Webhook ${enabled ? "set" : "set (disabled)"}`);
    printConfig(session, shown);
  });
}
