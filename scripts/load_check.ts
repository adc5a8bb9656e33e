/**
 * `deno task load-check [--requests 2000] [--concurrency 20] [--db <file>]`
 *
 * A bounded load check of the local API, on loopback only: N requests from C
 * concurrent clients (each with its own user and key) mixing create, list,
 * get, update and execute. It reports requests per second and latency
 * percentiles, then checks that no request got a 5xx and that the database
 * is consistent.
 */
import { join } from "node:path";
import { sha256Hex } from "./hash.ts";
import { type LocalApi, startLocalApi } from "../local_api/server.ts";

/** What a load run measured. */
export interface LoadReport {
  requests: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<number, number>;
  serverErrors: number;
  problems: string[];
}

const OPS = ["create", "list", "get", "update", "execute"] as const;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs the mixed workload against a started local API and checks its database afterwards. */
export async function loadCheck(
  api: LocalApi,
  options: { requests: number; concurrency: number },
): Promise<LoadReport> {
  const keys = await Promise.all(
    Array.from({ length: options.concurrency }, (_, i) => api.createKey(`load${i}@example.com`)),
  );
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const created = new Map<number, string[]>();
  let issued = 0;
  let createdCount = 0;

  async function client(n: number) {
    const headers = { Authorization: `Bearer ${keys[n]}`, "Content-Type": "application/json" };
    const mine: string[] = [];
    created.set(n, mine);
    while (issued < options.requests) {
      const i = issued++;
      const op = mine.length === 0 ? "create" : OPS[i % OPS.length];
      const id = mine[i % Math.max(1, mine.length)];
      let request: [string, string, unknown?];
      switch (op) {
        case "create":
          request = ["POST", "/api/v1/tasks/", {
            name: `load ${n}-${i}`,
            schedule: "0 9 * * *",
            config: { model: "m" },
            search_query: `query ${i}`,
            condition_description: "met",
            state: i % 4 === 0 ? "paused" : "active",
          }];
          break;
        case "list":
          request = ["GET", "/api/v1/tasks/"];
          break;
        case "get":
          request = ["GET", `/api/v1/tasks/${id}`];
          break;
        case "update":
          request = ["PUT", `/api/v1/tasks/${id}`, {
            name: `renamed ${i}`,
            state: i % 2 ? "paused" : "active",
          }];
          break;
        case "execute":
          request = ["POST", `/api/v1/tasks/${id}/execute`];
          break;
      }
      const started = performance.now();
      const response = await fetch(`${api.url}${request[1]}`, {
        method: request[0],
        headers,
        body: request[2] === undefined ? undefined : JSON.stringify(request[2]),
      });
      const body = await response.text();
      latencies.push(performance.now() - started);
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (op === "create" && response.ok) {
        mine.push(JSON.parse(body).id);
        createdCount++;
      }
    }
  }

  const began = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, (_, n) => client(n)));
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);

  const problems: string[] = [];
  const db = api.db;
  const integrity = db.prepare("PRAGMA integrity_check").get() as { integrity_check: string };
  if (integrity.integrity_check !== "ok") {
    problems.push(`integrity_check: ${integrity.integrity_check}`);
  }
  const { n: tasks } = db.prepare("SELECT count(*) AS n FROM tasks").get() as { n: number };
  if (tasks !== createdCount) problems.push(`${tasks} tasks stored, ${createdCount} created`);
  const { n: orphans } = db.prepare(
    "SELECT count(*) AS n FROM executions WHERE task_id NOT IN (SELECT id FROM tasks)",
  ).get() as { n: number };
  if (orphans > 0) problems.push(`${orphans} executions without a task`);
  const { n: badState } = db.prepare(
    "SELECT count(*) AS n FROM tasks WHERE state NOT IN ('active','paused','completed')",
  ).get() as { n: number };
  if (badState > 0) problems.push(`${badState} tasks in an unknown state`);
  const perUser = db.prepare("SELECT count(*) AS n FROM tasks WHERE user_id = ?");
  for (const [n, ids] of created) {
    const owner = db.prepare("SELECT user_id FROM api_keys WHERE key_hash = ?")
      .get(await sha256Hex(keys[n])) as { user_id: string };
    const { n: stored } = perUser.get(owner.user_id) as { n: number };
    if (stored !== ids.length) {
      problems.push(`client ${n} created ${ids.length} tasks, ${stored} stored`);
    }
  }
  const serverErrors = Object.entries(statuses)
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    requests: latencies.length,
    concurrency: options.concurrency,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    statuses,
    serverErrors,
    problems,
  };
}

if (import.meta.main) {
  const args = Deno.args;
  const arg = (name: string, fallback: string) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const requests = Number(arg("--requests", "2000"));
  const concurrency = Number(arg("--concurrency", "20"));
  const dir = await Deno.makeTempDir({ prefix: "torale-load-" });
  const db = arg("--db", join(dir, "torale.db"));
  const api = await startLocalApi({ generation: "classic", port: 0, db, workerDelayMs: 20 });
  const report = await loadCheck(api, { requests, concurrency });
  await api.close();
  console.log(
    `${report.requests} requests, ${report.concurrency} clients, ${report.seconds.toFixed(2)} s: ` +
      `${report.perSecond.toFixed(0)} req/s, p50 ${report.p50Ms.toFixed(1)} ms, p99 ${
        report.p99Ms.toFixed(1)
      } ms`,
  );
  console.log(`statuses: ${JSON.stringify(report.statuses)}; 5xx: ${report.serverErrors}`);
  console.log(
    report.problems.length ? `problems: ${report.problems.join("; ")}` : "database consistent",
  );
  Deno.exit(report.serverErrors === 0 && report.problems.length === 0 ? 0 : 1);
}
