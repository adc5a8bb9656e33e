/** The local API's executor: canned answers, and lists of them played one per run. */
import assert from "node:assert/strict";
import { Executor, parseResults } from "../../local_api/executor.ts";

const now = new Date("2026-01-01T00:00:00Z");

Deno.test("a list of canned answers is played one per run, the last one repeating", () => {
  const executor = new Executor(parseResults({
    "Rust 2.0": [
      { answer: "Not yet", condition_met: false },
      { answer: "Out", condition_met: true },
    ],
  }));
  const answers = [1, 2, 3].map(() => executor.run("rust 2.0", "Released").answer);
  assert.deepEqual(answers, ["Not yet", "Out", "Out"]);
});

Deno.test("a retried attempt of a current run gets the same answer of a list", () => {
  const executor = new Executor(parseResults({
    "*": [
      { answer: "first", condition_met: false, retry: true },
      { answer: "second", condition_met: true },
    ],
  }));
  assert.throws(() => executor.agent("q", { attempt: 0, now }), /asks for one retry/);
  assert.equal(executor.agent("q", { attempt: 1, now }).evidence, "first");
  assert.equal(executor.agent("q", { attempt: 0, now }).evidence, "second");
});

Deno.test("a list can make a run fail, and an empty or bad list is refused", () => {
  const executor = new Executor(parseResults({
    q: [{ answer: "ok", condition_met: false }, {
      answer: "",
      condition_met: false,
      error: "boom",
    }],
  }));
  executor.run("q", null);
  assert.throws(() => executor.run("q", null), /boom/);
  assert.throws(() => parseResults({ q: [] }), /needs at least one/);
  assert.throws(
    () => parseResults({ q: [{ answer: "x", condition_met: false }, { answer: 1 }] }),
    /entry "q" \[1\] needs "answer"/,
  );
});
