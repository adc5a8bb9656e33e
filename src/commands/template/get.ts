/** `torale template get <id>`: every field of a template (no key needed). */
import { getTemplate } from "../../api/templates.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";

/** Runs `template get <id>`. */
export default async function get(this: Context, _flags: NoFlags, id: string): Promise<void> {
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
