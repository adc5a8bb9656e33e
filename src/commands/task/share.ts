/** `torale task share <id>` (current API): make a task public. */
import type { Context, NoFlags } from "../../kit/context.ts";
import { changeVisibility } from "./visibility.ts";

/** Runs `task share`. */
export default async function share(this: Context, _flags: NoFlags, id: string): Promise<void> {
  await changeVisibility(this, id, true);
}
