/**
 * `torale help routes` against the truth on both sides: every command it names exists in
 * the tree, and every route the local API serves (the service as it is, both generations)
 * is in it, so a route gained by the local API without a command (or a reason) fails here.
 */
import assert from "node:assert/strict";
import { ROUTES } from "../../src/cli/topics/routes.ts";
import { commandsOf, wholeTree } from "../helpers/tree.ts";
import { createApp } from "../../local_api/app.ts";
import { openStorage } from "../../local_api/storage/mod.ts";
import type { Executor } from "../../local_api/executor.ts";
import type { Worker } from "../../local_api/worker.ts";

/**
 * A route with its parameters' names and a trailing slash left out: `GET /api/v1/tasks/{}`
 * (classic's local API also answers the other spelling, with the service's 307 to this one).
 */
function shape(route: string): string {
  return route.replace(/\{[^}]+\}|:[A-Za-z_]+/g, "{}").replace(/(.)\/$/, "$1");
}

Deno.test("help routes: every command it names is a command of the tree", async () => {
  const commands = new Set(commandsOf(await wholeTree()).map((page) => page.words.join(" ")));
  const named = ROUTES.flatMap((row) => Array.isArray(row.commands) ? row.commands : []);
  assert(named.length > 30, "the table names the commands");
  for (const words of named) assert(commands.has(words), `torale ${words} is not a command`);
});

Deno.test("help routes: every route the local API serves is listed, for its generation", () => {
  for (const generation of ["classic", "current"] as const) {
    const app = createApp({
      storage: openStorage(":memory:"),
      worker: {} as Worker,
      executor: {} as Executor,
      noauth: false,
      generation,
      upstreamLimits: false,
    });
    // `/local/…` are the stand-in's own pages (the OAuth approval it plays), not the service's.
    const served = app.routes.filter((route) => route.method !== "ALL")
      .filter((route) => !route.path.startsWith("/local/"))
      .map((route) => shape(`${route.method} ${route.path}`));
    assert(served.length > 20, `${generation}: the app has routes`);
    const listed = new Map(ROUTES.map((row) => [shape(row.route), row.generations]));
    for (const route of served) {
      const generations = listed.get(route);
      assert(generations, `${generation}: ${route} is served but not in torale help routes`);
      assert(
        generations === "both" || generations === generation,
        `${generation}: ${route} is listed as ${generations} only`,
      );
    }
  }
});
