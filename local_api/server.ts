/**
 * The local Torale API: a stand-in of the real service, in either of its generations
 * (torale-api.md, December 2025; torale-api-current.md, April 2026), built on hono and
 * node:sqlite, for offline use (`torale local-api`, which loads it from its own bundle only
 * when it runs) and for the CLI's end-to-end tests. This module wires storage, worker,
 * scheduler and app together.
 */
import type { DatabaseSync } from "node:sqlite";
import { createApp } from "./app.ts";
import { Executor, type ResultsFile } from "./executor.ts";
import { notifyRun } from "./notifier.ts";
import type { Generation } from "./http.ts";
import { createKey } from "./keys.ts";
import { ensureNoauthUser } from "./middleware/auth.ts";
import { classicSteps } from "./runs/classic.ts";
import { currentSteps } from "./runs/current.ts";
import { Scheduler } from "./scheduler.ts";
import { openStorage } from "./storage/mod.ts";
import { Worker } from "./worker.ts";

export { cronProblem } from "./cron.ts";
export { type CannedResult, parseResults, type ResultsFile } from "./executor.ts";
export type { Generation } from "./http.ts";
export { NOAUTH_USER_ID } from "./middleware/auth.ts";
export { MAX_ACTIVE_TASKS } from "./routes/current_tasks.ts";

/** How to start the local API. */
export interface LocalApiOptions {
  /** Which API it speaks; `current` (what the real service runs today) by default. */
  generation?: Generation;
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
  /**
   * Off when undefined. `classic`: a number, requests per minute per caller with the docs'
   * headers. `current`: `"upstream"`, the real service's per-route limits (10 creates and 3
   * keys a minute per token; public reads 10 or 20 a minute per address).
   */
  rateLimit?: number | "upstream";
  /** Run tasks when due: classic, active tasks by cron; current, active tasks' jobs by next_run. */
  scheduler?: boolean;
  /** Receives one line per request; silent when undefined. */
  log?: (line: string) => void;
  /**
   * Receives each email verification code, which is never mailed; when undefined the code
   * goes to `log`. `LocalApi.verificationCode` reads it back either way.
   */
  onVerificationCode?: (email: string, code: string) => void;
  /** Delay of each worker step, in ms (default 100). */
  workerDelayMs?: number;
  /**
   * A convenience the real service lacks (off by default): a task without a webhook
   * notification delivers its met conditions to the account's webhook config.
   */
  deliverToAccountWebhook?: boolean;
  /** Where RSS items link to, as the real service's `FRONTEND_URL` (https://torale.ai). */
  frontendUrl?: string;
}

/** A running local API. */
export interface LocalApi {
  url: string;
  db: DatabaseSync;
  /** Creates the user if needed, revokes their active keys, and returns a new key. */
  createKey(email: string, name?: string): Promise<string>;
  generation: Generation;
  /** The newest pending verification code sent to `email` (codes are not mailed). */
  verificationCode(email: string): string | undefined;
  /** One scheduler tick at `now`; returns how many runs it started (or resumed). */
  runDueTasks(now: Date): number;
  /** Stops the server and the worker, then closes the database. */
  close(): Promise<void>;
}

/**
 * Starts the local API; resolves once it listens. When it cannot listen (a port in use, an
 * address not of this machine) it rejects with Deno's error, having closed what it opened.
 */
export async function startLocalApi(options: LocalApiOptions = {}): Promise<LocalApi> {
  const generation = options.generation ?? "current";
  const { rateLimit } = options;
  if (rateLimit !== undefined && (rateLimit === "upstream") !== (generation === "current")) {
    throw new Error(
      generation === "current"
        ? "the current generation's rate limits are the real service's: use rateLimit \"upstream\""
        : "the classic generation's rate limit is a number of requests per minute",
    );
  }
  const storage = openStorage(options.db ?? ":memory:");
  if (options.noauth) ensureNoauthUser(storage, options.noauthEmail);
  const executor = new Executor(options.results);
  const worker = new Worker(storage, {
    steps: generation === "current"
      ? currentSteps(storage, executor)
      : classicSteps(storage, executor),
    delayMs: options.workerDelayMs ?? 100,
    log: options.log,
    after: (id) =>
      notifyRun(storage, generation, id, {
        deliverToAccountWebhook: options.deliverToAccountWebhook ?? false,
      }),
  });
  const scheduler = new Scheduler(storage, worker, generation);
  const app = createApp(
    {
      storage,
      worker,
      executor,
      noauth: options.noauth ?? false,
      generation,
      upstreamLimits: rateLimit === "upstream",
      frontendUrl: options.frontendUrl,
    },
    {
      rateLimit: typeof rateLimit === "number" ? rateLimit : undefined,
      log: options.log,
      onCode: options.onVerificationCode,
    },
  );

  const { promise: listening, resolve } = Promise.withResolvers<Deno.NetAddr>();
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      port: options.port ?? 0,
      hostname: options.host ?? "127.0.0.1",
      onListen: (addr) => resolve(addr as Deno.NetAddr),
    }, app.fetch);
  } catch (error) {
    worker.close();
    storage.close();
    throw error;
  }
  const addr = await listening;
  if (options.scheduler) scheduler.start();
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;

  return {
    url: `http://${host}:${addr.port}`,
    db: storage.db,
    generation,
    createKey: (email, name) => createKey(storage, { email, name }),
    verificationCode: (email) => storage.emails.latestCode(email),
    runDueTasks: (now) => scheduler.runDue(now),
    async close() {
      scheduler.stop();
      worker.close();
      await worker.settle();
      await server.shutdown();
      storage.close();
    },
  };
}
