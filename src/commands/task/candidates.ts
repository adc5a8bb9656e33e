/**
 * Task ids for shell completion, each with its task's name. A lookup runs on
 * every Tab, so it gets two seconds in all and fails silently: no key, a
 * server that is down or slow, a bad config file all mean no candidates.
 */
import { listTasks } from "../../api/tasks.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import type { Candidate } from "../../kit/spec.ts";

/** How long a Tab may wait for the task list, retries included. */
const LOOKUP_MS = 2000;

/** What a task id looks like: anything else from a server is not offered to the shell. */
const ID_SHAPE = /^[A-Za-z0-9_-]{1,64}$/;

/** The user's task ids starting with `partial` (none when the lookup fails). */
export async function taskIdCandidates(context: Context, partial: string): Promise<Candidate[]> {
  try {
    const session = await Session.open(context.deps, context.globals);
    const client = session.api().withDeadline(context.deps.clock.now() + LOOKUP_MS);
    const typed = new Set(context.completion?.words);
    return (await listTasks(client))
      .filter(({ id }) =>
        typeof id === "string" && ID_SHAPE.test(id) && id.startsWith(partial) && !typed.has(id)
      )
      .map(({ id, name }) => ({ value: id, description: typeof name === "string" ? name : "" }));
  } catch {
    return [];
  }
}
