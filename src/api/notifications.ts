/**
 * The notification history (torale-api.md §3.3, torale-api-current.md §3.4): what was sent,
 * to whom, over which channel, from which run. The same route and shape on both generations.
 */
import type { ApiClient } from "./client.ts";
import type { TaskId } from "./types.ts";

/** One row of `GET /api/v1/notifications/sends`. */
export interface NotificationSend {
  id: string;
  user_id: string;
  task_id: string;
  execution_id: string | null;
  recipient: string;
  notification_type: string;
  status: string;
  error_message: string | null;
  created_at: string;
}

/** The answer of `GET /api/v1/notifications/sends`. */
export interface NotificationSends {
  sends: NotificationSend[];
  total: number;
}

/** The sends, newest first, optionally of one task (a full id). */
export async function listSends(
  client: ApiClient,
  options: { taskId?: TaskId; limit: number },
): Promise<NotificationSends> {
  const answer = await client.get<NotificationSends>("/api/v1/notifications/sends", {
    query: { task_id: options.taskId, limit: options.limit },
    expect: "object",
  });
  return { sends: Array.isArray(answer.sends) ? answer.sends : [], total: answer.total ?? 0 };
}
