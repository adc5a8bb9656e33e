/** `torale public feed [--limit N]` (current API): runs of public tasks that notified. */
import { publicFeed } from "../../api/public.ts";
import type { Context } from "../../kit/context.ts";
import { printFeed } from "../task/render.ts";
import { openPublic } from "./common.ts";

/** Flags of `public feed`. */
export interface FeedFlags {
  limit: number;
}

/** Runs `public feed`. */
export default async function feed(this: Context, flags: FeedFlags): Promise<void> {
  const { session, client, patience } = await openPublic(this, "public feed", {
    currentOnly: true,
  });
  const runs = await publicFeed(client, flags.limit, patience);
  await session.output(runs, (runs) => {
    if (runs.length === 0) return session.print("No public notifications yet.");
    printFeed(session, runs);
  });
}
