/** What every `torale connectors` command starts with: a session on the current API. */
import { TOOLKIT_SLUG_PATTERN } from "../../api/connectors.ts";
import { requireCurrent } from "../../api/generation.ts";
import { UsageError } from "../../errors.ts";
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

const SLUG = new RegExp(TOOLKIT_SLUG_PATTERN);

/** The toolkit slug typed, trimmed; one that cannot be a slug is a usage error (nothing sent). */
export function toolkitArg(input: string): string {
  const slug = input.trim();
  if (!SLUG.test(slug)) {
    throw new UsageError(`Invalid toolkit "${input}"`, {
      hints: [
        "Toolkits are lowercase slugs such as notion, linear or github: torale connectors available",
      ],
    });
  }
  return slug;
}
