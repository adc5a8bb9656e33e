/** `torale template list`: the API's task templates (no key needed). */
import { shortIds } from "../../api/ids.ts";
import { listTemplates } from "../../api/templates.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";

/** Flags of `template list`. */
export type ListFlags = { category?: string };

/** Runs `template list`. */
export default async function list(this: Context, flags: ListFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  // Templates are public: no key is sent, so none is needed.
  const templates = await listTemplates(session.clientWith(undefined), flags.category?.trim());
  await session.output(templates, (shown) => {
    if (shown.length === 0) {
      return session.print(
        flags.category === undefined ? "No templates found." : "No templates in that category.",
      );
    }
    const ids = shortIds(shown.map((t) => String(t.id)));
    const classic = shown.some((t) => t.schedule !== undefined);
    session.table(
      [
        { header: "ID" },
        { header: "CATEGORY" },
        { header: "NAME" },
        ...(classic ? [{ header: "SCHEDULE", drop: 1 }] : []),
        { header: "QUERY", shrink: true },
      ],
      shown.map((t) => [
        session.compact ? ids.get(String(t.id))! : String(t.id),
        String(t.category ?? "-"),
        String(t.name),
        ...(classic ? [String(t.schedule ?? "-")] : []),
        String(t.search_query),
      ]),
    );
  });
}
