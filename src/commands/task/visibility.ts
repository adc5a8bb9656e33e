/** What `task share` and `task unshare` share: setting a task's visibility (current API). */
import { checkApplied } from "../../api/echo.ts";
import { requireCurrent } from "../../api/generation.ts";
import { resolveTaskId, setVisibility } from "../../api/tasks.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";

/** Makes the task `input` names public or private, checks the echo and says so. */
export async function changeVisibility(
  context: Context,
  input: string,
  isPublic: boolean,
): Promise<void> {
  const session = await Session.open(context.deps, context.globals);
  const verb = isPublic ? "share" : "unshare";
  requireCurrent(await session.generation(), `task ${verb}`, session.settings.apiUrl.value);
  const client = session.api();
  const id = await resolveTaskId(client, input);
  const echoed = await setVisibility(client, id, isPublic);
  const result = { id, is_public: echoed.is_public };
  await session.output(result, () => {
    session.print(
      `${session.colors.ok} Task ${id} is ${echoed.is_public ? "public" : "private"}`,
    );
    if (echoed.is_public) session.info("Anyone with its id can read it and its runs, and fork it.");
  });
  checkApplied("visibility change", { is_public: isPublic }, echoed);
}
