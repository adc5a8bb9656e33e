/** `torale auth keys create <name>`: a new API key, shown once. */
import { createKey } from "../../api/keys.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { UsageError } from "../../errors.ts";
import { clean } from "../../output/sanitize.ts";

/** Runs `auth keys create <name>`. */
export default async function create(this: Context, _flags: NoFlags, name: string): Promise<void> {
  if (name.trim() === "") throw new UsageError("The key name must not be empty");
  const session = await Session.open(this.deps, this.globals);
  const created = await createKey(session.api(), name.trim());
  session.warn("Store this key now: it is shown only once");
  await session.output(created, (shown) => {
    // The one place a full key is printed: what the user asked for, shown once.
    session.print(clean(created.key));
    session.info(`Created key "${shown.key_info.name}" (id ${shown.key_info.id})`);
    session.info(`Use it with: torale auth set-api-key`);
  });
}
