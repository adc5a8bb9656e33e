/** `torale task unshare <id>` (current API): make a shared task private again. */
import type { Context, NoFlags } from "../../kit/context.ts";
import { changeVisibility } from "./visibility.ts";

/** Runs `task unshare`. */
export default async function unshare(this: Context, _flags: NoFlags, id: string): Promise<void> {
  await changeVisibility(this, id, false);
}
