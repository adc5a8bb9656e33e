/** `torale auth whoami`: the current user as JSON (or YAML). */
import { currentUser } from "../../api/auth.ts";
import { userState } from "../../api/types.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";

/** Runs `auth whoami`. */
export default async function whoami(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const user = await currentUser(session.api());
  await session.data({ id: user.id, email: user.email, state: userState(user) });
}
