/** `torale public list` (current API): public tasks, one page or all of them. */
import {
  allPublicTasks,
  MAX_PAGE,
  MAX_PAGES,
  type PublicOrder,
  publicTasks,
} from "../../api/public.ts";
import type { Context } from "../../kit/context.ts";
import { openPublic } from "./common.ts";
import { pageNote, printPublicTable } from "./render.ts";

/** Flags of `public list`. */
export interface ListFlags {
  sort: PublicOrder;
  limit?: number;
  offset: number;
  paginate?: boolean;
}

/** Runs `public list`. */
export default async function list(this: Context, flags: ListFlags): Promise<void> {
  const { session, client, patience } = await openPublic(this, "public list", {
    currentOnly: true,
  });
  const request = { order: flags.sort, offset: flags.offset };
  const page = flags.paginate
    ? await allPublicTasks(client, { ...request, limit: flags.limit ?? MAX_PAGE }, patience)
    : await publicTasks(client, { ...request, limit: flags.limit }, patience);
  const tasks = Array.isArray(page.tasks) ? page.tasks : [];
  // As `torale api --paginate`: a list cut short is said, whatever the output format.
  if ("capped" in page && page.capped) {
    session.warn(
      `Stopped after ${MAX_PAGES} pages (${tasks.length} tasks): the list may go on; continue with --offset ${
        page.offset + tasks.length
      }`,
    );
  }
  await session.output(tasks, (tasks) => {
    if (tasks.length === 0) return session.print("No public tasks.");
    printPublicTable(session, tasks);
    pageNote(session, page, tasks.length);
  });
}
