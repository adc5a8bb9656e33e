/**
 * The local Torale API: a stand-in of the real service (torale-api.md, the
 * 68b generation) built on hono and node:sqlite, for offline use and for the
 * CLI's end-to-end tests. Never compiled into the CLI.
 */
import { Hono } from "hono";
import type { Context as HonoContext } from "hono";
import type { DatabaseSync } from "node:sqlite";
import { cronProblem } from "./cron.ts";
import { sha256Hex } from "../scripts/hash.ts";
import { createKey, insertKey } from "./keys.ts";
import { isoZ, openStorage, type TaskChanges, type TaskRow, type UserRow } from "./storage/mod.ts";
import { Executor, type ResultsFile } from "./executor.ts";
import { keyJson, userJson } from "./shapes/auth.ts";
import { executionJson, taskJson } from "./shapes/tasks.ts";
import {
  checkNotifications,
  createSchema,
  NOT_NULLABLE,
  STATES,
  transitionProblem,
  updateSchema,
} from "./task_rules.ts";
import { type Issue, parseUuid, validateBody } from "./validate.ts";
import { Scheduler } from "./scheduler.ts";
import { Worker } from "./worker.ts";

export { cronProblem } from "./cron.ts";

/** The fixed user of NOAUTH mode. */
export const NOAUTH_USER_ID = "00000000-0000-0000-0000-000000000001";
const MAX_BODY = 1024 * 1024;

/** How to start the local API. */
export interface LocalApiOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** A database file, or `:memory:` (the default). */
  db?: string;
  /** Every route acts as the fixed test user (the newer API's NOAUTH). */
  noauth?: boolean;
  noauthEmail?: string;
  /** Canned answers of the offline executor. */
  results?: ResultsFile;
  /** Requests per minute per caller; off when undefined. */
  rateLimit?: number;
  /** Run active tasks when their cron comes due. */
  scheduler?: boolean;
  /** Receives one line per request; silent when undefined. */
  log?: (line: string) => void;
  /** Delay of each worker step, in ms (default 100). */
  workerDelayMs?: number;
}

/** A running local API. */
export interface LocalApi {
  url: string;
  db: DatabaseSync;
  /** Creates the user if needed, revokes their active keys, and returns a new key. */
  createKey(email: string, name?: string): Promise<string>;
  /** One scheduler tick at `now`; returns how many runs it started. */
  runDueTasks(now: Date): number;
  /** Stops the server and the worker, then closes the database. */
  close(): Promise<void>;
}

type Row = Record<string, unknown>;

/** Starts the local API; resolves once it listens. */
export async function startLocalApi(options: LocalApiOptions = {}): Promise<LocalApi> {
  const storage = openStorage(options.db ?? ":memory:");
  const { users, keys, tasks, executions } = storage;
  const executor = new Executor(options.results);
  const worker = new Worker(storage, {
    executor,
    delayMs: options.workerDelayMs ?? 100,
    log: options.log,
  });

  if (options.noauth && !users.byId(NOAUTH_USER_ID)) {
    users.insert({
      id: NOAUTH_USER_ID,
      clerk_user_id: "test_user_noauth",
      email: options.noauthEmail ?? "test@example.com",
    });
  }

  const withLastRun = (row: TaskRow) =>
    taskJson(row, row.last_execution_id ? executions.byId(row.last_execution_id) : null);

  // Rate limiting: a fixed one-minute window per caller.
  const windows = new Map<string, { start: number; count: number }>();

  const app = new Hono();

  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    options.log?.(
      `${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${
        (performance.now() - started).toFixed(1)
      } ms`,
    );
  });

  app.use("*", async (c, next) => {
    if (options.rateLimit === undefined || c.req.path === "/health") return await next();
    const caller = c.req.header("authorization") ?? "anonymous";
    const now = Date.now();
    let window = windows.get(caller);
    if (!window || now - window.start >= 60_000) {
      window = { start: now, count: 0 };
      windows.set(caller, window);
    }
    window.count++;
    const reset = Math.ceil((window.start + 60_000) / 1000);
    const retryAfter = Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
    const headers = {
      "X-RateLimit-Limit": String(options.rateLimit),
      "X-RateLimit-Remaining": String(Math.max(0, options.rateLimit - window.count)),
      "X-RateLimit-Reset": String(reset),
    };
    if (window.count > options.rateLimit) {
      return c.json({ detail: "Rate limit exceeded", retry_after: retryAfter }, 429, {
        ...headers,
        "Retry-After": String(retryAfter),
      });
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  });

  const detail = (c: HonoContext, status: number, message: unknown) =>
    c.json({ detail: message }, status as 400);
  const invalid = (c: HonoContext, issues: Issue[]) => c.json({ detail: issues }, 422);

  /** Reads a JSON body the way FastAPI does; a Response when it is unusable. */
  async function readBody(c: HonoContext, required: boolean): Promise<unknown | Response> {
    const length = Number(c.req.header("content-length") ?? "0");
    if (length > MAX_BODY) return detail(c, 413, "Request body too large");
    const text = await c.req.text();
    if (text.length > MAX_BODY) return detail(c, 413, "Request body too large");
    if (text.trim() === "") {
      if (!required) return null;
      return invalid(c, [{ type: "missing", loc: ["body"], msg: "Field required", input: null }]);
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      const offset = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? 0);
      return invalid(c, [{
        type: "json_invalid",
        loc: ["body", offset],
        msg: "JSON decode error",
        input: {},
        ctx: { error: "Expecting value" },
      }]);
    }
  }

  /**
   * The caller's user row, or the error Response. `scope` picks the 68b
   * dependency: `auth` answers 403 for a missing header, `api` 401.
   */
  async function authenticate(
    c: HonoContext,
    scope: "auth" | "api",
  ): Promise<UserRow | Response> {
    if (options.noauth) return users.byId(NOAUTH_USER_ID)!;
    const missing = scope === "auth" ? 403 : 401;
    const header = c.req.header("authorization");
    if (!header || header.trim() === "") return detail(c, missing, "Not authenticated");
    const [scheme, token] = header.trim().split(/\s+/, 2);
    if (scheme.toLowerCase() !== "bearer" || !token) {
      return scope === "auth"
        ? detail(c, 403, "Invalid authentication credentials")
        : detail(c, 401, "Not authenticated");
    }
    if (!token.startsWith("sk_")) return detail(c, 503, "Clerk authentication not configured");
    const key = keys.activeByHash(await sha256Hex(token));
    if (!key) return detail(c, 401, "Invalid API key");
    keys.touch(key.id);
    const user = users.byId(key.user_id);
    if (!user) return detail(c, 401, "Invalid API key");
    return user;
  }

  function taskId(c: HonoContext): string | Response {
    const parsed = parseUuid(c.req.param("id") ?? "", "task_id");
    return typeof parsed === "string" ? parsed : invalid(c, [parsed]);
  }

  app.get("/health", (c) => c.json({ status: "healthy", service: "torale-api" }));

  app.get("/auth/me", async (c) => {
    const user = await authenticate(c, "auth");
    return user instanceof Response ? user : c.json(userJson(user));
  });

  app.get("/auth/api-keys", async (c) => {
    const user = await authenticate(c, "auth");
    if (user instanceof Response) return user;
    return c.json(keys.listOf(user.id).map(keyJson));
  });

  app.post("/auth/api-keys", async (c) => {
    const user = await authenticate(c, "auth");
    if (user instanceof Response) return user;
    const body = await readBody(c, true);
    if (body instanceof Response) return body;
    const issues = validateBody(body, { name: { rule: { kind: "string" }, required: true } });
    if (issues.length) return invalid(c, issues);
    if (keys.hasActive(user.id)) {
      return detail(
        c,
        400,
        "You already have an active API key. Please revoke it before creating a new one.",
      );
    }
    const { key, row } = await insertKey(storage, {
      userId: user.id,
      name: (body as { name: string }).name,
    });
    return c.json({ key, key_info: keyJson(row) });
  });

  app.delete("/auth/api-keys/:id", async (c) => {
    const user = await authenticate(c, "auth");
    if (user instanceof Response) return user;
    const id = parseUuid(c.req.param("id"), "key_id");
    if (typeof id !== "string") return invalid(c, [id]);
    if (!keys.ownedBy(id, user.id)) return detail(c, 404, "API key not found");
    keys.revoke(id);
    return c.json({ status: "revoked" });
  });

  // Collection routes live at a trailing slash; the slash-less form redirects.
  app.on(["GET", "POST"], "/api/v1/tasks", (c) => {
    const url = new URL(c.req.url);
    return c.body(null, 307, { Location: `${url.origin}/api/v1/tasks/${url.search}` });
  });

  app.get("/api/v1/tasks/", async (c) => {
    const user = await authenticate(c, "api");
    if (user instanceof Response) return user;
    const state = c.req.query("state");
    if (state !== undefined && !(STATES as readonly string[]).includes(state)) {
      return invalid(c, [{
        type: "enum",
        loc: ["query", "state"],
        msg: "Input should be 'active', 'paused' or 'completed'",
        input: state,
        ctx: { expected: "'active', 'paused' or 'completed'" },
      }]);
    }
    return c.json(tasks.listOf(user.id, state).map(withLastRun));
  });

  app.post("/api/v1/tasks/", async (c) => {
    const user = await authenticate(c, "api");
    if (user instanceof Response) return user;
    const body = await readBody(c, true);
    if (body instanceof Response) return body;
    const issues = validateBody(body, createSchema);
    if (issues.length) return invalid(c, issues);
    const input = body as Row;
    const notifications = checkNotifications((input.notifications as Row[] | undefined) ?? []);
    if (notifications.error) return detail(c, 400, notifications.error);
    const state = (input.state as string | undefined) ?? "active";
    if (state === "active") {
      const problem = cronProblem(input.schedule as string);
      if (problem) return detail(c, 500, `Failed to create schedule: ${problem}`);
    }
    const row = tasks.insert({
      id: crypto.randomUUID(),
      user_id: user.id,
      name: input.name as string,
      schedule: input.schedule as string,
      executor_type: (input.executor_type as string | undefined) ?? "llm_grounded_search",
      config: JSON.stringify(input.config),
      state,
      search_query: input.search_query as string,
      condition_description: input.condition_description as string,
      notify_behavior: (input.notify_behavior as string | undefined) ?? "once",
      notifications: JSON.stringify(notifications.value),
      has_schedule: state === "active" ? 1 : 0,
    }, isoZ());
    if (input.run_immediately === true) worker.start(row.id);
    return c.json(taskJson(row));
  });

  app.post("/api/v1/tasks/preview", async (c) => {
    const user = await authenticate(c, "api");
    if (user instanceof Response) return user;
    const body = await readBody(c, true);
    if (body instanceof Response) return body;
    const issues = validateBody(body, {
      search_query: { rule: { kind: "string" }, required: true },
      condition_description: { rule: { kind: "string" }, nullable: true },
      model: { rule: { kind: "string" } },
    });
    if (issues.length) return invalid(c, issues);
    const { search_query, condition_description } = body as Row;
    const condition = typeof condition_description === "string" && condition_description.trim()
      ? condition_description
      : undefined;
    let output;
    try {
      output = executor.run(search_query as string, condition);
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

  app.post("/api/v1/tasks/suggest", async (c) => {
    const user = await authenticate(c, "api");
    if (user instanceof Response) return user;
    const body = await readBody(c, true);
    if (body instanceof Response) return body;
    const issues = validateBody(body, {
      prompt: { rule: { kind: "string" }, required: true },
      current_task: { rule: { kind: "dict" }, nullable: true },
      model: { rule: { kind: "string" } },
    });
    if (issues.length) return invalid(c, issues);
    const prompt = String((body as Row).prompt).trim();
    return c.json({
      name: prompt.slice(0, 50) || "New Monitor",
      search_query: prompt,
      condition_description: `A clear answer to: ${prompt}`,
      schedule: "0 9 * * *",
      notify_behavior: "once",
    });
  });

  app.on(["GET", "PUT", "DELETE"], "/api/v1/tasks/:id/", (c) => {
    const url = new URL(c.req.url);
    return c.body(null, 307, {
      Location: `${url.origin}${url.pathname.replace(/\/+$/, "")}${url.search}`,
    });
  });

  async function ownedTask(c: HonoContext): Promise<{ user: UserRow; task: TaskRow } | Response> {
    const user = await authenticate(c, "api");
    if (user instanceof Response) return user;
    const id = taskId(c);
    if (id instanceof Response) return id;
    const task = tasks.ownedBy(id, user.id);
    if (!task) return detail(c, 404, "Task not found");
    return { user, task };
  }

  app.get("/api/v1/tasks/:id", async (c) => {
    const found = await ownedTask(c);
    return found instanceof Response ? found : c.json(withLastRun(found.task));
  });

  app.put("/api/v1/tasks/:id", async (c) => {
    const user = await authenticate(c, "api");
    if (user instanceof Response) return user;
    const id = taskId(c);
    if (id instanceof Response) return id;
    const body = await readBody(c, true);
    if (body instanceof Response) return body;
    const issues = validateBody(body, updateSchema);
    if (issues.length) return invalid(c, issues);
    const task = tasks.ownedBy(id, user.id);
    if (!task) return detail(c, 404, "Task not found");
    const input = body as Row;
    if (NOT_NULLABLE.some((field) => input[field] === null)) {
      return c.text("Internal Server Error", 500);
    }
    let notifications: string | undefined;
    if (input.notifications !== undefined) {
      const checked = checkNotifications(input.notifications as Row[]);
      if (checked.error) return detail(c, 400, checked.error);
      notifications = JSON.stringify(checked.value);
    }
    const now = isoZ();
    const fields: TaskChanges = {};
    for (
      const field of [
        "name",
        "schedule",
        "search_query",
        "condition_description",
        "notify_behavior",
      ] as const
    ) {
      if (input[field] !== undefined) fields[field] = input[field] as string | null;
    }
    if (input.config !== undefined) fields.config = JSON.stringify(input.config);
    if (notifications !== undefined) fields.notifications = notifications;
    if (Object.keys(fields).length > 0 || input.state !== undefined) fields.updated_at = now;
    tasks.update(id, fields);
    const response = taskJson(tasks.byId(id)!);
    const target = input.state as string | undefined;
    if (target !== undefined && target !== task.state) {
      const refused = transitionProblem(task.state, target);
      if (refused) return detail(c, 400, refused);
      if (target === "active" && !task.has_schedule) {
        const schedule = fields.schedule ?? task.schedule;
        const problem = cronProblem(schedule);
        if (problem) {
          return detail(
            c,
            500,
            `Failed to change task state: ${problem}. Task update rolled back.`,
          );
        }
      }
      tasks.setState(id, target, now);
      // As at 68b, state_changed_at in the answer is still the pre-transition value.
      return c.json({ ...response, state: target });
    }
    return c.json(response);
  });

  app.delete("/api/v1/tasks/:id", async (c) => {
    const found = await ownedTask(c);
    if (found instanceof Response) return found;
    tasks.delete(found.task.id);
    return c.body(null, 204);
  });

  app.post("/api/v1/tasks/:id/execute", async (c) => {
    const found = await ownedTask(c);
    if (found instanceof Response) return found;
    const suppress = c.req.query("suppress_notifications");
    if (suppress !== undefined && !/^(true|false|1|0|yes|no|on|off)$/i.test(suppress)) {
      return invalid(c, [{
        type: "bool_parsing",
        loc: ["query", "suppress_notifications"],
        msg: "Input should be a valid boolean, unable to interpret input",
        input: suppress,
      }]);
    }
    return c.json(executionJson(worker.start(found.task.id)));
  });

  for (const [path, onlyMet] of [["executions", false], ["notifications", true]] as const) {
    app.get(`/api/v1/tasks/:id/${path}`, async (c) => {
      const found = await ownedTask(c);
      if (found instanceof Response) return found;
      const raw = c.req.query("limit") ?? "100";
      const limit = Number(raw);
      if (!/^-?\d+$/.test(raw.trim())) {
        return invalid(c, [{
          type: "int_parsing",
          loc: ["query", "limit"],
          msg: "Input should be a valid integer, unable to parse string as an integer",
          input: raw,
        }]);
      }
      if (limit < 0) return c.text("Internal Server Error", 500);
      const rows = executions.listOf(found.task.id, { limit, onlyMet });
      return c.json(rows.map((row) => executionJson(row)));
    });
  }

  const KNOWN = [
    /^\/health$/,
    /^\/auth\/me$/,
    /^\/auth\/api-keys(\/[^/]+)?$/,
    /^\/api\/v1\/tasks\/?$/,
    /^\/api\/v1\/tasks\/[^/]+(\/(execute|executions|notifications))?\/?$/,
  ];
  app.notFound((c) => {
    const known = KNOWN.some((pattern) => pattern.test(c.req.path));
    return known
      ? c.json({ detail: "Method Not Allowed" }, 405)
      : c.json({ detail: "Not Found" }, 404);
  });
  app.onError((error, c) => {
    options.log?.(`error: ${error.stack ?? error}`);
    return c.text("Internal Server Error", 500);
  });

  const scheduler = new Scheduler(storage, worker);
  if (options.scheduler) scheduler.start();

  const { promise: listening, resolve } = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({
    port: options.port ?? 0,
    hostname: options.host ?? "127.0.0.1",
    onListen: (addr) => resolve(addr as Deno.NetAddr),
  }, app.fetch);
  const addr = await listening;
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;

  return {
    url: `http://${host}:${addr.port}`,
    db: storage.db,
    createKey: (email, name) => createKey(storage, { email, name }),
    runDueTasks: (now) => scheduler.runDue(now),
    async close() {
      scheduler.stop();
      worker.close();
      await server.shutdown();
      storage.close();
    },
  };
}
