/**
 * Rate-limit keys and memory: a window per token as authentication reads it (so whitespace or
 * case changes do not open a new one) and a map of windows that forgets old ones and is bounded.
 */
import assert from "node:assert/strict";
import { FixedWindows, MAX_CALLERS } from "../../local_api/middleware/rate_limit.ts";
import { startTestApi } from "../helpers/api.ts";
import { client } from "./client.ts";

const MINUTE = 60_000;

Deno.test("fixed windows: a minute later old windows are gone", () => {
  const windows = new FixedWindows();
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  for (let i = 0; i < 1000; i++) windows.hit(`user:${i}`, t0 + i);
  assert.equal(windows.size, 1000);
  assert.equal(windows.hit("user:0", t0 + 999).count, 2, "a window counts within its minute");
  windows.hit("late", t0 + 999 + MINUTE);
  assert.equal(windows.size, 1);
});

Deno.test("fixed windows: many distinct callers within a minute stay bounded and share the overflow", () => {
  const windows = new FixedWindows();
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  const callers = MAX_CALLERS * 3;
  let last = 0;
  for (let i = 0; i < callers; i++) last = windows.hit(`user:${i}`, t0 + i).count;
  assert(windows.size <= MAX_CALLERS + 1, `${windows.size} windows`);
  // The callers past the bound count in one window, so a flood of new tokens is limited too.
  assert.equal(last, callers - MAX_CALLERS);
  assert.equal(windows.hit("user:0", t0 + callers).count, 2, "earlier callers keep their window");
});

Deno.test("classic: whitespace and case variants of one key share its window", async () => {
  await using local = await startTestApi({ rateLimit: 3 });
  const variants = [
    `Bearer ${local.key}`,
    `bearer ${local.key}`,
    `Bearer  \t ${local.key}`,
    `BEARER ${local.key}`,
    `Bearer ${local.key} and more`,
  ];
  const answers = [];
  for (const authorization of variants) {
    const res = await client(local)("GET", "/api/v1/tasks/", undefined, { authorization });
    answers.push([res.status, res.headers.get("x-ratelimit-remaining")]);
  }
  assert.deepEqual(answers, [[200, "2"], [200, "1"], [200, "0"], [429, "0"], [429, "0"]]);
});

Deno.test("current: whitespace variants share the token's window; another case of Bearer counts by address", async () => {
  await using local = await startTestApi({ generation: "current", rateLimit: "upstream" });
  let n = 0;
  const create = async (authorization: string) => {
    const body = { search_query: "q", name: `task ${n++}` };
    return (await client(local)("POST", "/api/v1/tasks/", body, { authorization })).status;
  };
  const spaced = [`Bearer ${local.key}`, `Bearer   ${local.key}`, `Bearer\t${local.key}`];
  const byToken = [];
  for (let i = 0; i < 11; i++) byToken.push(await create(spaced[i % spaced.length]));
  assert.deepEqual(byToken, [...Array(10).fill(200), 429]);
  // slowapi keys on the text after a case-sensitive "Bearer ", else on the client's address:
  // one more window, shared by every other spelling, not one per spelling.
  const byAddress = [];
  for (let i = 0; i < 11; i++) {
    byAddress.push(await create(`${i % 2 ? "bearer" : "BEARER"} ${local.key}`));
  }
  assert.deepEqual(byAddress, [...Array(10).fill(200), 429]);
});
