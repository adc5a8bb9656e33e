/**
 * What the service shows to anyone, key or not (torale-api-current.md §3.7, §3.9): public
 * tasks page by page, one public task, the feed of public runs that notified, a task's RSS
 * feed, and the service's capacity (/public/stats, both generations). Every public read rides
 * out the per-address rate limit ({@link patiently}); a key, when sent, only lets its owner see
 * their own notifications.
 */
import { ApiError } from "../errors.ts";
import type { ApiClient } from "./client.ts";
import { parseJson } from "./decode.ts";
import { errorFromAnswer } from "./errors.ts";
import { type Patience, patiently } from "./patience.ts";
import { parseRss, type RssFeed } from "./rss.ts";
import { type IdKind, resolveId } from "./ids.ts";
import type { FeedExecution, Task, TaskId } from "./types.ts";
import { joinUrl } from "./url.ts";

export type { Patience } from "./patience.ts";
export type { RssChannel, RssFeed, RssItem } from "./rss.ts";

/** The public task list's path. */
export const PUBLIC_TASKS = "/api/v1/public/tasks";

/** The orders of the public task list: newest first, or most viewed first. */
export const PUBLIC_ORDERS = ["recent", "popular"] as const;

/** An order of the public task list. */
export type PublicOrder = typeof PUBLIC_ORDERS[number];

/** The most tasks one page holds. */
export const MAX_PAGE = 100;

/** The most pages one listing follows: 100,000 tasks at 100 a page (a server cannot loop it). */
export const MAX_PAGES = 1000;

/** One page of public tasks and where it stands among them all. */
export interface PublicTaskPage {
  tasks: Task[];
  total: number;
  offset: number;
  limit: number;
}

/** Which page to ask for. */
export interface PageRequest {
  order?: PublicOrder;
  /** 1..100; the service's default is 20. */
  limit?: number;
  offset?: number;
}

/** The service's capacity in users (/public/stats). */
export interface PublicStats {
  capacity: { max_users: number; current_users: number; available_slots: number };
}

/** The error for a task that is not there or not public. */
function notPublic(id: string): ApiError {
  return new ApiError(`Public task not found: "${id}"`, {
    status: 404,
    hints: ["Only public tasks can be read by anyone; list them with: torale public list"],
  });
}

/** `GET /api/v1/public/tasks`: one page. */
export function publicTasks(
  client: ApiClient,
  page: PageRequest,
  patience: Patience,
): Promise<PublicTaskPage> {
  const query = { sort_by: page.order, limit: page.limit, offset: page.offset };
  return patiently(
    patience,
    `GET ${PUBLIC_TASKS}`,
    (options) => client.get<PublicTaskPage>(PUBLIC_TASKS, { ...options, query, expect: "object" }),
  );
}

/** Every public task, and whether the listing stopped at {@link MAX_PAGES} with more left. */
export interface AllPublicTasks extends PublicTaskPage {
  capped: boolean;
}

/**
 * Every public task from `page.offset` on, `page.limit` (default 100) at a time, following
 * `offset` until `total` is reached or a page comes back short (at most 1000 pages).
 */
export async function allPublicTasks(
  client: ApiClient,
  page: PageRequest,
  patience: Patience,
): Promise<AllPublicTasks> {
  const limit = page.limit ?? MAX_PAGE;
  const start = page.offset ?? 0;
  const tasks: Task[] = [];
  let total: number | undefined;
  let capped = true;
  for (let offset = start, pages = 0; pages < MAX_PAGES; pages++) {
    const answer = await publicTasks(client, { order: page.order, limit, offset }, patience);
    const list = Array.isArray(answer.tasks) ? answer.tasks : [];
    // One by one: a spread of a server-sized array overflows the stack.
    for (const task of list) tasks.push(task);
    total = typeof answer.total === "number" ? answer.total : undefined;
    offset += list.length;
    if (list.length < limit || offset >= (total ?? Infinity)) {
      capped = false;
      break;
    }
  }
  return { tasks, total: total ?? start + tasks.length, offset: start, limit, capped };
}

const PUBLIC_IDS: IdKind = {
  noun: "public task",
  listCommand: "torale public list",
  notFound: notPublic,
};

/**
 * A public task's id from its full UUID (no request) or a unique prefix of at least 4
 * characters, looked up among every public task (paged).
 */
export async function resolvePublicTask(
  client: ApiClient,
  input: string,
  patience: Patience,
): Promise<TaskId> {
  const list = async () => (await allPublicTasks(client, {}, patience)).tasks;
  return await resolveId(input, PUBLIC_IDS, list) as TaskId;
}

/** `GET /api/v1/public/tasks/id/{id}`: a public task, or the caller's own. */
export async function getPublicTask(
  client: ApiClient,
  id: TaskId,
  patience: Patience,
): Promise<Task> {
  try {
    return await patiently(
      patience,
      `GET ${PUBLIC_TASKS}/id/…`,
      (options) =>
        client.get<Task>(`${PUBLIC_TASKS}/id/${encodeURIComponent(id)}`, {
          ...options,
          expect: "object",
        }),
    );
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 422)) {
      throw notPublic(id);
    }
    throw error;
  }
}

/**
 * Checks that task `id` is public (one `GET …/public/tasks/id/{id}`): the owner's own private
 * task answers there too, but has no feed and is "not found" like any other.
 */
export async function requirePublicTask(
  client: ApiClient,
  id: TaskId,
  patience: Patience,
): Promise<void> {
  const task = await getPublicTask(client, id, patience);
  if (task.is_public !== true) throw notPublic(id);
}

/** `GET /api/v1/public/feed`: runs of public tasks that notified, newest first (1..100). */
export function publicFeed(
  client: ApiClient,
  limit: number,
  patience: Patience,
): Promise<FeedExecution[]> {
  return patiently(
    patience,
    "GET /api/v1/public/feed",
    (options) =>
      client.get<FeedExecution[]>("/api/v1/public/feed", {
        ...options,
        query: { limit },
        expect: "list",
      }),
  );
}

/** The path of a task's RSS feed (at the root, not under /api/v1). */
export function rssPath(id: TaskId): string {
  return `/tasks/${encodeURIComponent(id)}/rss`;
}

/** The URL of a task's RSS feed on the API at `baseUrl`, for feed readers. */
export function rssUrl(baseUrl: string, id: TaskId): string {
  return joinUrl(baseUrl, rssPath(id)).href;
}

/** A feed as fetched: its XML as sent, and read. */
export interface FetchedFeed {
  url: string;
  xml: string;
  feed: RssFeed;
}

/**
 * `GET /tasks/{id}/rss`: the feed of a public task (a private one is "not found", even for
 * its owner). Anything but an RSS document is an error.
 */
export async function fetchRss(
  client: ApiClient,
  id: TaskId,
  patience: Patience,
): Promise<FetchedFeed> {
  const url = rssUrl(client.baseUrl, id);
  const answer = await patiently(patience, `GET ${rssPath(id)}`, async (options) => {
    const raw = await client.raw("GET", rssPath(id), options);
    if (raw.status >= 200 && raw.status < 300) return raw;
    const contentType = raw.headers.get("content-type") ?? "";
    const error = errorFromAnswer(
      { ...raw, json: parseJson(raw.text), contentType },
      { method: "GET", url, keySent: false },
      patience.clock.now(),
    );
    if (error instanceof ApiError && (error.status === 404 || error.status === 422)) {
      throw error.detail === "Task not found" || error.status === 422 ? notPublic(id) : error;
    }
    throw error;
  });
  const feed = parseRss(answer.text);
  if (!feed) {
    const kind = answer.headers.get("content-type") ?? "no content type";
    throw new ApiError(`The answer to GET ${rssPath(id)} is not an RSS feed (${kind})`, {
      status: answer.status,
      hints: ["Check the API URL: another web server may have answered."],
    });
  }
  return { url, xml: answer.text, feed };
}

/** `GET /public/stats` (both generations, not rate-limited): the service's capacity in users. */
export function publicStats(client: ApiClient): Promise<PublicStats> {
  return client.get<PublicStats>("/public/stats", { expect: "object" });
}
