/** `torale template list|get`: the API's task templates (no key needed). */
import { shortIds } from "../../api/ids.ts";
import { getTemplate, listTemplates } from "../../api/templates.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";

/** Flags of `template list`. */
export type ListFlags = { category?: string };

/** Runs `template list`. */
export async function list(this: Context, flags: ListFlags): Promise<void> {
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

/** Runs `template get <id>`. */
export async function get(this: Context, _flags: NoFlags, id: string): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const template = await getTemplate(session.clientWith(undefined), id);
  await session.output(template, (t) => {
    const model = t.config && typeof t.config.model === "string" ? t.config.model : undefined;
    session.fields([
      ["Name", `${t.icon ? `${t.icon} ` : ""}${t.name}`],
      ["ID", t.id],
      ["Category", t.category],
      ["Description", t.description],
      ["Query", t.search_query],
      ["Condition", t.condition_description],
      // The classic API's templates carry these; the current one's do not.
      ...(t.schedule !== undefined ? [["Schedule", t.schedule] as const] : []),
      ...(t.notify_behavior !== undefined ? [["Notify", t.notify_behavior] as const] : []),
      ...(model !== undefined ? [["Model", model] as const] : []),
    ]);
    session.info(`Create a task from it: torale task create --template ${t.id}`);
  });
}
