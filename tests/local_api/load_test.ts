/** The bounded load check of the local API: 2,000 requests from 20 clients, loopback only. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadCheck } from "../../scripts/load_check.ts";
import { startLocalApi } from "../../local_api/server.ts";

Deno.test("2,000 mixed requests from 20 concurrent clients: no 5xx, a consistent database", async () => {
  const dir = await Deno.makeTempDir({ prefix: "torale-load-" });
  const api = await startLocalApi({
    generation: "classic",
    port: 0,
    db: join(dir, "torale.db"),
    workerDelayMs: 20,
  });
  try {
    const report = await loadCheck(api, { requests: 2000, concurrency: 20 });
    assert.equal(report.requests, 2000);
    assert.equal(report.serverErrors, 0, JSON.stringify(report.statuses));
    assert.deepEqual(report.problems, []);
    assert(report.perSecond > 0 && report.p99Ms >= report.p50Ms);
  } finally {
    await api.close();
  }
});
