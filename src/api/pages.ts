/**
 * The GET routes that page with `limit` and `offset` (torale-api.md and
 * torale-api-current.md §3.4, §3.7). The API has no cursors and every other
 * list comes back whole, so `torale api --paginate` follows only these.
 */

/** A paged route: where a page keeps its items, and how many to ask for at a time. */
export interface PagedRoute {
  /** The key of the list in each page's object. */
  items: string;
  /** The `limit` sent when the caller gives none: the most the route allows, or its default. */
  pageSize: number;
}

const PAGED: Record<string, PagedRoute> = {
  // Both generations: {"sends": [...], "total": n}; limit 50 by default, no documented maximum.
  "/api/v1/notifications/sends": { items: "sends", pageSize: 50 },
  // Current generation: {"tasks": [...], "total", "offset", "limit"}; limit 1..100.
  "/api/v1/public/tasks": { items: "tasks", pageSize: 100 },
};

/** The routes that page, for help and messages. */
export const PAGED_PATHS: readonly string[] = Object.keys(PAGED);

/** The paged route at `path` (without a query, with or without a final /), if it is one. */
export function pagedRoute(path: string): PagedRoute | undefined {
  const key = path.replace(/\/$/, "");
  return Object.hasOwn(PAGED, key) ? PAGED[key] : undefined;
}
