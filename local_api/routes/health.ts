/** GET /health: no auth, never rate limited (torale-api.md §1.1). */
import { type Router, router } from "../http.ts";

/** The health route of the 68b generation. */
export function healthRoutes(): Router {
  return router().get("/health", (c) => c.json({ status: "healthy", service: "torale-api" }));
}
