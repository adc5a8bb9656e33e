/** `torale public get <id>` (current API): every field of a public task. */
import { getPublicTask, resolvePublicTask } from "../../api/public.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { printTaskDetails } from "../task/render.ts";
import { openPublic } from "./common.ts";

/** Runs `public get`. */
export default async function get(this: Context, _flags: NoFlags, input: string): Promise<void> {
  const { session, client, patience } = await openPublic(this, "public get", {
    currentOnly: true,
  });
  const id = await resolvePublicTask(client, input, patience);
  const task = await getPublicTask(client, id, patience);
  await session.output(task, (task) => printTaskDetails(session, task, { publicView: true }));
}
