/** /api/v1/templates (torale-api.md §3.3, torale-api-current.md §3.5): read-only, no auth. */
import { type AppDeps, detail, invalid, type Router, router } from "../http.ts";
import { findTemplate, listTemplates } from "../templates.ts";
import { parseUuid } from "../validate.ts";

/** The template routes of the generation `deps` names. */
export function templateRoutes(deps: Pick<AppDeps, "generation">): Router {
  const routes = router();
  routes.get("/api/v1/templates/", (c) => {
    // `if category:` in the service: an empty value lists every category.
    const category = c.req.query("category") || undefined;
    return c.json(listTemplates(deps.generation, category));
  });
  routes.get("/api/v1/templates/:id", (c) => {
    const id = parseUuid(c.req.param("id"), "template_id");
    if (typeof id !== "string") return invalid(c, [id]);
    const template = findTemplate(deps.generation, id);
    return template ? c.json(template) : detail(c, 404, "Template not found");
  });
  return routes;
}
