/**
 * What the public commands share: a session whose client sends the key only when one is
 * configured (these routes need none), the generation check, and the rate-limit waits told
 * on stderr.
 */
import type { ApiClient } from "../../api/client.ts";
import { requireCurrent } from "../../api/generation.ts";
import type { Patience } from "../../api/public.ts";
import type { Context } from "../../kit/context.ts";
import { sessionPatience } from "../../kit/patience.ts";
import { Session } from "../../kit/session.ts";

/** An open session, its client and how its requests wait out the rate limit. */
export interface PublicRun {
  session: Session;
  client: ApiClient;
  patience: Patience;
}

/**
 * Opens the session of `torale <command>`. `currentOnly`: refused (exit 2, nothing sent) when
 * the API speaks the classic generation, which has no public tasks.
 */
export async function openPublic(
  context: Context,
  command: string,
  options: { currentOnly: boolean },
): Promise<PublicRun> {
  const session = await Session.open(context.deps, context.globals);
  if (options.currentOnly) {
    requireCurrent(await session.generation(), command, session.settings.apiUrl.value);
  }
  const { settings } = session;
  // Anonymous without a key; with one, the owner sees their own tasks' notifications.
  const client = settings.noauth || settings.apiKey.value
    ? session.api()
    : session.clientWith(undefined);
  return { session, client, patience: sessionPatience(session) };
}
