/**
 * The classic generation's AI helpers (torale-api.md §3.2): preview runs a search without saving
 * anything, suggest drafts a task from a prompt. The current generation answers both with 405.
 */
import { type AppDeps, detail, type Router, router } from "../http.ts";
import { requireUser } from "../middleware/auth.ts";
import { bodyLimit, jsonBody } from "../middleware/body.ts";

type Json = Record<string, unknown>;

/** POST /api/v1/tasks/preview and /api/v1/tasks/suggest. */
export function previewRoutes(deps: AppDeps): Router {
  const user = requireUser(deps, "api");
  const routes = router();

  const previewBody = jsonBody({
    search_query: { rule: { kind: "string" }, required: true },
    condition_description: { rule: { kind: "string" }, nullable: true },
    model: { rule: { kind: "string" } },
  });
  routes.post("/api/v1/tasks/preview", user, bodyLimit, previewBody, (c) => {
    const { search_query, condition_description } = c.var.body as Json;
    const condition = typeof condition_description === "string" && condition_description.trim()
      ? condition_description
      : undefined;
    let output;
    try {
      output = deps.executor.run(search_query as string, condition);
    } catch (error) {
      return detail(c, 500, (error as Error).message || "Search execution failed");
    }
    return c.json({
      answer: output.answer,
      condition_met: output.condition_met,
      grounding_sources: output.grounding_sources,
      current_state: output.current_state,
      ...(condition
        ? {}
        : { inferred_condition: `Information about ${search_query} is available` }),
    });
  });

  const suggestBody = jsonBody({
    prompt: { rule: { kind: "string" }, required: true },
    current_task: { rule: { kind: "dict" }, nullable: true },
    model: { rule: { kind: "string" } },
  });
  routes.post("/api/v1/tasks/suggest", user, bodyLimit, suggestBody, (c) => {
    const prompt = String((c.var.body as Json).prompt).trim();
    return c.json({
      name: prompt.slice(0, 50) || "New Monitor",
      search_query: prompt,
      condition_description: `A clear answer to: ${prompt}`,
      schedule: "0 9 * * *",
      notify_behavior: "once",
    });
  });

  return routes;
}
