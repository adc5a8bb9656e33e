/**
 * GET /health: no auth, never rate limited. The classic service names itself; the current one
 * does not, which is how clients tell the generations apart (torale-api-current.md §7).
 */
import { type Generation, type Router, router } from "../http.ts";

/** The health route of a generation. */
export function healthRoutes(generation: Generation): Router {
  const body = generation === "classic"
    ? { status: "healthy", service: "torale-api" }
    : { status: "healthy" };
  return router().get("/health", (c) => c.json(body));
}
