/** What the contract tests of the local API share: a raw HTTP client, a task body, polling. */
import assert from "node:assert/strict";
import type { LocalApiOptions } from "../../local_api/server.ts";
import { startTestApi, type TestApi } from "../helpers/api.ts";

/** A JSON object as the tests read it. */
export type Json = Record<string, unknown>;

/** A fetch bound to a server and optionally a key; redirects are not followed. */
export function client(server: { url: string }, key?: string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      redirect: "manual",
      headers: {
        ...(key ? { Authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    // Response bodies are probed field by field, as a client of the contract would.
    // deno-lint-ignore no-explicit-any
    return { status: response.status, headers: response.headers, text, json: json as any };
  };
}

/** A valid TaskCreate body of the classic generation. */
export const TASK = {
  name: "Watch",
  schedule: "0 9 * * *",
  config: { model: "gemini-2.0-flash-exp" },
  search_query: "Rust 2.0 release",
  condition_description: "Released",
};

/** Creates a task (TASK with `extra` on top) as the test user; fails unless it is a 200. */
export async function created(local: TestApi, extra: Json = {}): Promise<Json> {
  const res = await client(local, local.key)("POST", "/api/v1/tasks/", { ...TASK, ...extra });
  assert.equal(res.status, 200, res.text);
  return res.json as Json;
}

/** A local API of the current generation (torale-api-current.md) and a key for its user. */
export function startCurrentApi(options: LocalApiOptions = {}): Promise<TestApi> {
  return startTestApi({ generation: "current", ...options });
}

/** Creates a task on a current server with `body` (it needs a search_query); fails unless 200. */
export async function createdCurrent(local: TestApi, body: Json): Promise<Json> {
  const res = await client(local, local.key)("POST", "/api/v1/tasks/", body);
  assert.equal(res.status, 200, res.text);
  return res.json as Json;
}

/** Asserts that an ISO time is `offsetMs` after `from` (ms since the epoch), within 5 s. */
export function assertAbout(iso: unknown, from: number, offsetMs: number): void {
  const at = Date.parse(String(iso));
  assert(Math.abs(at - (from + offsetMs)) < 5000, `${iso} is not about ${offsetMs} ms after`);
}

/** Polls until `probe` returns a value (about two seconds at most). */
export async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("condition never became true");
}

/** Lets time pass, so that timestamps written before and after differ. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
