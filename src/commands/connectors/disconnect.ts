/** `torale connectors disconnect <toolkit>`: revoke a connection. */
import { disconnect as revoke } from "../../api/connectors.ts";
import type { Context } from "../../kit/context.ts";
import { UsageError } from "../../errors.ts";
import { clean } from "../../output/sanitize.ts";
import { connectorSession, toolkitArg } from "./session.ts";

/** Flags of `connectors disconnect`. */
export type DisconnectFlags = { yes?: boolean };

/** Runs `connectors disconnect <toolkit>`. */
export default async function disconnect(
  this: Context,
  flags: DisconnectFlags,
  toolkit: string,
): Promise<void> {
  const slug = toolkitArg(toolkit);
  const session = await connectorSession(this, "disconnect");
  if (!flags.yes) {
    if (!this.deps.io.stdin.isTerminal) {
      throw new UsageError("Refusing to disconnect without --yes when stdin is not a terminal", {
        hints: [`Run: torale connectors disconnect ${clean(slug)} --yes`],
      });
    }
    const ok = await this.deps.prompt.confirm(
      `Disconnect ${clean(slug)}? Tasks that use it will run without it.`,
    );
    if (!ok) return session.info("Cancelled; the connection is kept.");
  }
  await revoke(session.api(), slug);
  await session.output({ toolkit_slug: slug, status: "disconnected" }, (shown) => {
    session.print(`${session.colors.ok} Disconnected ${shown.toolkit_slug}`);
  });
}
