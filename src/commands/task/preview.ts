/** `torale task preview`: run a query once without saving a task. */
import { refuseOnCurrent } from "../../api/generation.ts";
import { previewTask } from "../../api/tasks.ts";
import { UsageError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { printPreview } from "./render.ts";

/** Flags of `task preview`. */
export interface PreviewFlags {
  query: string;
  condition?: string;
  model?: string;
}

/** Runs `task preview`. */
export default async function preview(this: Context, flags: PreviewFlags): Promise<void> {
  const query = flags.query.trim();
  if (query === "") throw new UsageError("The query (-q) must not be empty");
  const condition = flags.condition?.trim();
  const session = await Session.open(this.deps, this.globals);
  refuseOnCurrent(await session.generation(), "task preview", session.settings.apiUrl.value);
  const result = await previewTask(session.api(), {
    search_query: query,
    ...(condition ? { condition_description: condition } : {}),
    // No --model: none sent, and the service chooses.
    ...(flags.model === undefined ? {} : { model: flags.model }),
  });
  await session.output(result, (result) => printPreview(session, result));
}
