/** `torale public stats` (both APIs): how many users the service has room for. */
import { publicStats } from "../../api/public.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { openPublic } from "./common.ts";

/** Runs `public stats`. */
export default async function stats(this: Context, _flags: NoFlags): Promise<void> {
  const { session, client } = await openPublic(this, "public stats", { currentOnly: false });
  const stats = await publicStats(client);
  await session.output(stats, ({ capacity }) => {
    session.fields([
      ["Users", capacity?.current_users],
      ["Capacity", capacity?.max_users],
      ["Places left", capacity?.available_slots],
    ]);
  });
}
