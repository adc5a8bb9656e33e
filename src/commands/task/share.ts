/** `torale task share|unshare <id>` (current API): make a task public or private again. */
import { checkApplied } from "../../api/echo.ts";
import { requireCurrent } from "../../api/generation.ts";
import { resolveTaskId, setVisibility } from "../../api/tasks.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";

async function visibility(context: Context, input: string, isPublic: boolean): Promise<void> {
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

/** Runs `task share`. */
export async function share(this: Context, _flags: NoFlags, id: string): Promise<void> {
  await visibility(this, id, true);
}

/** Runs `task unshare`. */
export async function unshare(this: Context, _flags: NoFlags, id: string): Promise<void> {
  await visibility(this, id, false);
}
