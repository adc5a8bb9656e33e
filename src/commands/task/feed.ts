/** `torale task feed [--limit N]` (current API): your runs that notified, newest first. */
import { requireCurrent } from "../../api/generation.ts";
import { taskFeed } from "../../api/tasks.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { printFeed } from "./render.ts";

/** Flags of `task feed`. */
export interface FeedFlags {
  limit: number;
}

/** Runs `task feed`. */
export default async function feed(this: Context, flags: FeedFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  requireCurrent(await session.generation(), "task feed", session.settings.apiUrl.value);
  const runs = await taskFeed(session.api(), flags.limit);
  await session.output(runs, (runs) => {
    if (runs.length === 0) return session.print("No notifications yet.");
    printFeed(session, runs);
  });
}
