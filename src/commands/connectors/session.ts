/** What every `torale connectors` command starts with: a session on the current API. */
import { requireCurrent } from "../../api/generation.ts";
import type { GlobalFlags } from "../../config/resolve.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";

/** Opens the session and refuses (exit 2, nothing sent) on the classic API. */
export async function connectorSession(
  context: Context,
  verb: string,
  globals: GlobalFlags = context.globals,
): Promise<Session> {
  const session = await Session.open(context.deps, globals);
  requireCurrent(
    await session.generation(),
    `connectors ${verb}`,
    session.settings.apiUrl.value,
    "Connectors (Notion, Linear, GitHub)",
  );
  return session;
}
