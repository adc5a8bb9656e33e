/**
 * The long-running commands of `deno task fault-check` against a failing server: a wait that
 * meets an outage that does not end, and pagination that never ends. Each must end by itself,
 * with its own exit code and in bounded time and memory.
 */
import type { FaultCase } from "./cases.ts";
import { type Answer, jsonAnswer } from "./server.ts";

const ID = "abcd2222-0000-4000-8000-000000000000";

/** A full page of /public/tasks (two items, one of 32 MiB), never short, with no total. */
let page: string | undefined;
const fullPage: Answer = (conn) => {
  page ??= JSON.stringify({ tasks: [{ id: 1, big: "x".repeat(32 * 1024 * 1024) }, { id: 2 }] });
  return jsonAnswer("200 OK", page)(conn);
};

/** `task wait`: the task and its first listing of runs answer, every later check gets a 503. */
function outageAfterStart(): (path: string) => Answer {
  let listings = 0;
  return (target) => {
    const path = target.split("?")[0];
    if (path.endsWith("/executions") && ++listings > 1) {
      return jsonAnswer("503 Service Unavailable", { detail: "Service Unavailable" });
    }
    if (path.endsWith("/executions")) return jsonAnswer("200 OK", []);
    const task = { id: ID, name: "t", state: "active", created_at: "2026-01-01T00:00:00Z" };
    return jsonAnswer("200 OK", path.includes(ID) ? task : [task]);
  };
}

/** The cases; each gets its own server state. */
export function longCases(): FaultCase[] {
  const outage = outageAfterStart();
  return [
    {
      name: "task wait through an outage that outlasts --timeout (exit 5, not 1 or 124)",
      args: ["task", "wait", ID, "--timeout", "8s"],
      answer: (path) => outage(path),
      code: 5,
      expect: /^Error: Gave up waiting: the API failed or could not be reached/m,
      withinMs: 20_000,
    },
    {
      name: "api --paginate against pages that never end (one 256 MiB budget)",
      args: ["api", "/api/v1/public/tasks?limit=2", "--paginate"],
      answer: () => fullPage,
      code: 1,
      expect: /^Error: --paginate stopped at .*: the pages passed 256 MiB together/m,
      withinMs: 60_000,
    },
  ];
}
