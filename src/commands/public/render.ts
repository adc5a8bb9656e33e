/** How public tasks look: a table like `task list`, with their views and forks. */
import type { PublicTaskPage } from "../../api/public.ts";
import type { Task } from "../../api/types.ts";
import type { Session } from "../../kit/session.ts";
import { listCells } from "../task/render.ts";

/**
 * Public tasks as a table. On a terminal: short ids and times in words; piped or --wide:
 * full ids and UTC times.
 */
export function printPublicTable(session: Session, tasks: Task[]): void {
  const { id, when } = listCells(session, tasks);
  session.table(
    [
      { header: "ID" },
      { header: "NAME", shrink: true, min: 24 },
      { header: "QUERY", shrink: true, min: 16, drop: 1 },
      { header: "VIEWS" },
      { header: "FORKS" },
      { header: "CREATED", drop: 2 },
    ],
    tasks.map((task) => [
      id(task),
      task.name,
      task.search_query ?? "-",
      String(task.view_count ?? 0),
      String(task.subscriber_count ?? 0),
      when(task.created_at),
    ]),
  );
}

/** Where a page stands among all public tasks, and how to see the next one (stderr). */
export function pageNote(session: Session, page: PublicTaskPage, shown: number): void {
  const { total, offset } = page;
  if (shown === 0 || typeof total !== "number") return;
  const last = offset + shown;
  const more = last < total ? ` (next page: --offset ${last}, or all of them: --paginate)` : "";
  session.info(`Showing ${offset + 1}-${last} of ${total} public tasks${more}`);
}
