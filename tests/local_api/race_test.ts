/**
 * Execute racing delete. Within one server each request's check and write share a turn of the
 * event loop; two servers on one database file (a classic and a current one, as the README
 * offers) interleave for real, so the rounds go to both.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startLocalApi } from "../../local_api/server.ts";
import { startServer, stopServer } from "../helpers/local_api_process.ts";
import { client, TASK } from "./client.ts";

const ROUNDS = 200;
const DEADLINE_MS = 30_000;

Deno.test({
  name: "execute racing delete answers 200 or 404, never 5xx, also across two servers on one file",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "torale-race-" });
    const db = join(dir, "torale.db");
    const logged: string[] = [];
    const local = await startLocalApi({
      generation: "classic",
      port: 0,
      db,
      workerDelayMs: 1,
      log: (line) => logged.push(line),
    });
    const key = await local.createKey("race@example.com");
    const other = await startServer(db);
    try {
      const apis = [client(local, key), client(other, key)];
      const seen = new Map<string, number>();
      const deadline = Date.now() + DEADLINE_MS;
      let rounds = 0;
      for (; rounds < ROUNDS && Date.now() < deadline; rounds++) {
        const task = await apis[0]("POST", "/api/v1/tasks/", { ...TASK, name: `race ${rounds}` });
        assert.equal(task.status, 200, task.text);
        const path = `/api/v1/tasks/${task.json.id}`;
        const executes = () =>
          apis.flatMap((api) => [1, 2, 3, 4].map(() => api("POST", `${path}/execute`)));
        const answers = await Promise.all([
          ...executes().map((answer) => answer.then((res) => ({ op: "execute", res }))),
          apis[rounds % 2]("DELETE", path).then((res) => ({ op: "delete", res })),
          ...executes().map((answer) => answer.then((res) => ({ op: "execute", res }))),
        ]);
        for (const { op, res } of answers) {
          const what = `${op} ${res.status} ${res.status === 404 ? res.json?.detail : ""}`.trim();
          seen.set(what, (seen.get(what) ?? 0) + 1);
        }
      }
      const summary = JSON.stringify(Object.fromEntries(seen));
      assert(rounds >= 50, `only ${rounds} rounds in ${DEADLINE_MS} ms`);
      assert.deepEqual(
        [...seen.keys()].filter((what) =>
          !/^(execute 200|execute 404 Task not found|delete 204)$/.test(what)
        ),
        [],
        summary,
      );
      assert.equal(seen.get("delete 204"), rounds, summary);
      // Neither server's worker complained: a step that finds its task gone just stops.
      assert.deepEqual(logged.filter((line) => !/ \d\d\d [\d.]+ ms$/.test(line)), []);
      assert.doesNotMatch(await other.until(/ ms\n/), /error/i);
      assert.doesNotMatch(await other.until(/Ctrl-C/, "stderr"), /error/i);
      const orphans = local.db.prepare(
        "SELECT count(*) AS n FROM executions WHERE task_id NOT IN (SELECT id FROM tasks)",
      ).get() as { n: number };
      assert.equal(orphans.n, 0);
    } finally {
      await stopServer(other);
      await local.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
