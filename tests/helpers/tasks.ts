/** Tasks made and inspected through a local API, for the task command tests. */
import assert from "node:assert/strict";
import type { Task, TaskExecution } from "../../src/api/types.ts";
import { type KeyedApi, runWithKey } from "./cli.ts";

/**
 * Creates "Rust 2.0 release" / "Released" with `torale task create` (plus
 * `extra` flags) and returns the task it printed as JSON.
 */
export async function createTask(api: KeyedApi, extra: string[] = []): Promise<Task> {
  const result = await runWithKey(api, [
    "task",
    "create",
    "-q",
    "Rust 2.0 release",
    "-c",
    "Released",
    "--json",
    ...extra,
  ]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

/** The tasks as the API itself lists them, bypassing the CLI. */
export async function apiTasks(api: KeyedApi): Promise<Task[]> {
  const response = await fetch(`${api.url}/api/v1/tasks/`, {
    headers: { Authorization: `Bearer ${api.key}` },
  });
  return await response.json();
}

/** Polls the API (100 times, 20 ms apart) until task `id` has `count` runs, all finished. */
export async function waitForRuns(
  api: KeyedApi,
  id: string,
  count: number,
): Promise<TaskExecution[]> {
  for (let i = 0; i < 100; i++) {
    const response = await fetch(`${api.url}/api/v1/tasks/${id}/executions`, {
      headers: { Authorization: `Bearer ${api.key}` },
    });
    const runs: TaskExecution[] = await response.json();
    if (
      runs.length >= count &&
      runs.every((run) => run.status === "success" || run.status === "failed")
    ) {
      return runs;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("runs did not finish");
}
