import assert from "node:assert/strict";
import { durationMs, durationText, parseDuration } from "../../src/config/duration.ts";
import { UsageError } from "../../src/errors.ts";

Deno.test("durations read as timeout(1) and Go write them; a bare number is seconds", () => {
  const cases: [string, number][] = [
    ["90s", 90_000],
    ["15m", 900_000],
    ["2h", 7_200_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["500ms", 500],
    ["1.5m", 90_000],
    ["30", 30_000],
    ["0.5", 500],
    [" 2H ", 7_200_000],
  ];
  for (const [input, ms] of cases) assert.equal(durationMs(input), ms, input);
});

Deno.test("anything else is not a duration, zero included", () => {
  for (const input of ["", "soon", "1h30", "h", "-5s", "0", "0s", "1 h", "1e3", "5x", "s5"]) {
    assert.equal(durationMs(input), undefined, input);
  }
  assert.throws(
    () => parseDuration("soon", "--interval"),
    (e) =>
      e instanceof UsageError && e.exitCode === 2 &&
      e.message === 'Invalid duration "soon" for --interval' &&
      /such as 90s, 15m, 2h or 1h30m/.test(e.hints[0]),
  );
});

Deno.test("durations in words for progress and errors", () => {
  assert.equal(durationText(800), "800 ms");
  assert.equal(durationText(5000), "5 s");
  assert.equal(durationText(2500), "2.5 s");
  assert.equal(durationText(90_000), "1 min 30 s");
  assert.equal(durationText(7_200_000), "2 h");
  assert.equal(durationText(5_400_000), "1 h 30 min");
});
