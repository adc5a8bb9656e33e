/**
 * What the local API's middleware and routes share: hono (imported only here), what a
 * request carries on its context once middleware has run, and the FastAPI-shaped answers.
 */
import { Hono } from "hono";
import type { Context, MiddlewareHandler } from "hono";
import type { Executor } from "./executor.ts";
import type { Storage, TaskRow, UserRow } from "./storage/mod.ts";
import type { Issue } from "./validate.ts";
import type { Worker } from "./worker.ts";

/**
 * Which API the local API speaks: `classic` (torale-api.md, December 2025) or `current`
 * (torale-api-current.md, April 2026).
 */
export type Generation = "classic" | "current";

/** What a request carries, each set by the middleware named. */
export interface Env {
  Variables: {
    /** The authenticated user (`requireUser`). */
    user: UserRow;
    /** The caller if any (`requireUser`, or `optionalUser` on the current public reads). */
    viewer: UserRow | undefined;
    /** Whether the viewer owns `task` (`visibleTask`). */
    owner: boolean;
    /** The `limit` query parameter (`queryLimit`). */
    limit: number;
    /** The canonical `:id` of a task route (`taskIdParam`). */
    taskId: string;
    /** That task, owned by the user (`ownedTask`) or visible to the viewer (`visibleTask`). */
    task: TaskRow;
    /** The request body as text, read within the size limit (`bodyLimit`). */
    text: string;
    /** The parsed JSON body (`jsonBody`). */
    body: unknown;
  };
}

/** A request's context. */
export type Ctx = Context<Env>;
/** A middleware of the local API. */
export type Middleware = MiddlewareHandler<Env>;
/** The app, or a resource's routes to mount on it. */
export type Router = Hono<Env>;

/** What routes and middleware work with. */
export interface AppDeps {
  storage: Storage;
  worker: Worker;
  executor: Executor;
  /** Every route acts as the fixed test user. */
  noauth: boolean;
  generation: Generation;
  /** The current generation's per-route limits (torale-api-current.md §2.3) are on. */
  upstreamLimits: boolean;
  /** Where RSS items link to (the real service's `FRONTEND_URL`); https://torale.ai if unset. */
  frontendUrl?: string;
}

/** A new, empty set of routes. */
export function router(): Router {
  return new Hono<Env>();
}

/** An HTTPException-style answer: `{"detail": message}`. */
export function detail(c: Context, status: number, message: unknown): Response {
  return c.json({ detail: message }, status as 400);
}

/** A 422 with FastAPI's list of issues. */
export function invalid(c: Context, issues: Issue[]): Response {
  return c.json({ detail: issues }, 422);
}

/** The caller's address, the current generation's rate-limit key when there is no token. */
export function clientAddress(c: Context): string {
  return (c.env as Deno.ServeHandlerInfo<Deno.NetAddr> | undefined)?.remoteAddr?.hostname ??
    "unknown";
}

/** The unhandled-exception answer of the real service: a text/plain 500 (Starlette's charset). */
export function internalError(c: Context): Response {
  return c.body("Internal Server Error", 500, { "Content-Type": "text/plain; charset=utf-8" });
}
