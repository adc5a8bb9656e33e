/** `torale task preview` against the local API and a server without preview, in-process. */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runNoAuth, runWithKey } from "../helpers/cli.ts";
import { dedent } from "../helpers/dedent.ts";
import { classicHealth, json, stubFetch } from "../helpers/fetch_stub.ts";

Deno.test("task preview prints the answer, the verdict, an inferred condition and numbered sources", async () => {
  await using t = await startTestApi({
    results: {
      "next iphone release": {
        answer: "Apple announced the event for September 9.",
        condition_met: true,
        sources: [{ url: "https://www.apple.com/newsroom/x", title: "Apple Newsroom" }, {
          url: "https://example.org/a",
        }],
      },
    },
  });
  const met = await runWithKey(t, [
    "task",
    "preview",
    "-q",
    "Next iPhone release",
    "-c",
    "A date is announced",
  ]);
  assert.equal(met.code, 0, met.stderr);
  assert.equal(
    met.stdout,
    dedent`
      Answer:
      Apple announced the event for September 9.

      ✓ Condition met

      Sources:
      1. Apple Newsroom
         https://www.apple.com/newsroom/x
      2. example.org
         https://example.org/a
    `,
  );
  const inferred = await runWithKey(t, ["task", "preview", "-q", "Something else"]);
  assert.match(inferred.stdout, /✗ Condition not met/);
  assert.match(inferred.stdout, /Inferred condition: /);
  const asJson = JSON.parse(
    (await runWithKey(t, ["task", "preview", "-q", "Next iPhone release", "--json"])).stdout,
  );
  assert.equal(asJson.condition_met, true);
  assert.equal(asJson.grounding_sources.length, 2);
});

Deno.test("task preview on a server without preview (405) says so", async () => {
  const stub = stubFetch([classicHealth, {
    method: "POST",
    path: "/api/v1/tasks/preview",
    respond: () => json(405, { detail: "Method Not Allowed" }),
  }]);
  const result = await runNoAuth(["task", "preview", "-q", "x"], { fetch: stub.fetch });
  const sent = await stub.requests[1].json();
  assert.deepEqual(sent, { search_query: "x" }, "no --model: none sent, the service chooses");
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^Error: This API does not support preview\n/);
  stub.assertDone();
});
