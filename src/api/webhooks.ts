/**
 * The webhooks resource (torale-api.md §3.3, torale-api-current.md §3.3): the account's
 * webhook config, a test delivery and the delivery log. The same routes and shapes on both
 * generations. The config's secret is held only as long as a command needs it.
 */
import { ApiError, CliError } from "../errors.ts";
import type { ApiClient } from "./client.ts";
import type { TaskId } from "./types.ts";

const BASE = "/api/v1/webhooks";

/** `GET/PUT /api/v1/webhooks/config`. */
export interface WebhookConfig {
  url: string | null;
  secret: string | null;
  enabled: boolean;
}

/** One row of `GET /api/v1/webhooks/deliveries`. */
export interface Delivery {
  id: string;
  task_id: string;
  webhook_url: string;
  http_status: number | null;
  attempt_number: number;
  delivered_at: string | null;
  failed_at: string | null;
  error_message: string | null;
  created_at: string;
}

/** How a test delivery went. */
export interface TestOutcome {
  success: boolean;
  message: string;
}

/** The account's webhook config. */
export function getWebhookConfig(client: ApiClient): Promise<WebhookConfig> {
  return client.get<WebhookConfig>(`${BASE}/config`, { expect: "object" });
}

/**
 * Sets the account's webhook URL (null clears it) and `enabled`, and checks the server's
 * echo: a URL or switch the server did not take is an error, never a success.
 */
export async function setWebhookConfig(
  client: ApiClient,
  change: { url: string | null; enabled: boolean },
): Promise<WebhookConfig> {
  const echoed = await client.put<WebhookConfig>(`${BASE}/config`, {
    body: { webhook_url: change.url, enabled: change.enabled },
    expect: "object",
  });
  const wanted = change.url === null ? null : new URL(change.url).href;
  const problems = [
    ...(echoed.url === wanted ? [] : ["url"]),
    ...(echoed.enabled === change.enabled ? [] : ["enabled"]),
  ];
  if (problems.length) {
    throw new CliError(`The server did not apply: ${problems.join(", ")}`, {
      hints: ["Check what it holds with: torale webhook get"],
    });
  }
  return echoed;
}

/**
 * `POST /api/v1/webhooks/test`: the server sends one signed test event to `url`. A 400 is
 * the failed delivery (its `detail` says why), not an error of the request.
 */
export async function testWebhook(
  client: ApiClient,
  target: { url: string; secret: string },
): Promise<TestOutcome> {
  try {
    return await client.post<TestOutcome>(`${BASE}/test`, {
      body: { webhook_url: target.url, webhook_secret: target.secret },
      expect: "object",
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 400 && typeof error.detail === "string") {
      return { success: false, message: error.detail };
    }
    throw error;
  }
}

/** The delivery log, newest first; `taskId` must be a full id. */
export async function listDeliveries(
  client: ApiClient,
  options: { taskId?: TaskId; limit: number },
): Promise<Delivery[]> {
  try {
    return await client.get<Delivery[]>(`${BASE}/deliveries`, {
      query: { task_id: options.taskId, limit: options.limit },
      expect: "list",
    });
  } catch (error) {
    if (options.taskId && error instanceof ApiError && error.status === 404) {
      throw new ApiError(`Task not found: "${options.taskId}"`, {
        status: 404,
        hints: ["List your tasks and their ids with: torale task list"],
      });
    }
    throw error;
  }
}
