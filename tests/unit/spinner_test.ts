/** The spinner (src/kit/spinner.ts): one line that fits the terminal, always erased. */
import assert from "node:assert/strict";
import { startSpinner } from "../../src/kit/spinner.ts";
import { displayWidth } from "../../src/output/width.ts";

Deno.test("the spinner's line is cut to the terminal's width, so erasing it erases all of it", () => {
  let written = "";
  const stream = { isTerminal: true, columns: 40, write: (text: string) => void (written += text) };
  const long = 'Waiting for the next run of "Monitor: When is the next iPhone event?" to finish';
  const spinner = startSpinner(stream, long);
  spinner.update(`${long}; next check in 10 s`);
  spinner.stop();
  const frames = written.split("\r\x1b[2K").filter(Boolean);
  assert.ok(frames.length >= 1);
  for (const frame of frames) {
    assert.ok(displayWidth(frame) < 40, `${frame} (${displayWidth(frame)} columns)`);
    assert.match(frame, /…$/);
  }
  assert.ok(written.endsWith("\r\x1b[2K"), "stop() erases the line");
});

Deno.test("off a terminal the spinner writes nothing", () => {
  let written = "";
  const spinner = startSpinner(
    { isTerminal: false, write: (t: string) => void (written += t) },
    "x",
  );
  spinner.update("y");
  spinner.stop();
  assert.equal(written, "");
});
