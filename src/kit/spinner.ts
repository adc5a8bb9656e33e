/**
 * A spinner on stderr while a command waits, drawn only on a terminal and
 * animated on its own beat (not the poll's), and always erased: when the wait
 * ends, fails or is interrupted.
 */
import type { OutStream } from "../io.ts";
import { truncate } from "../output/width.ts";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const FRAME_MS = 100;

/** A running spinner. */
export interface Spinner {
  /** Changes the text after the spinner. */
  update(text: string): void;
  /** Erases the line and stops. */
  stop(): void;
}

/** Starts a spinner with `text` on `stream`; a no-op when `stream` is not a terminal. */
export function startSpinner(stream: OutStream, text: string): Spinner {
  if (!stream.isTerminal) return { update() {}, stop() {} };
  let frame = 0;
  // One line only: `\x1b[2K` clears the line the cursor is on, so a wrapped line would stay.
  const fitLine = (line: string) => truncate(line, Math.max(1, (stream.columns ?? 80) - 3));
  let current = fitLine(text);
  const draw = () => stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${current}`);
  draw();
  const timer = setInterval(draw, FRAME_MS);
  return {
    update(next) {
      // New text shows at once (it may say when the next check is); the frames keep their beat.
      if (fitLine(next) === current) return;
      current = fitLine(next);
      stream.write(`\r\x1b[2K${FRAMES[(frame + FRAMES.length - 1) % FRAMES.length]} ${current}`);
    },
    stop() {
      clearInterval(timer);
      stream.write("\r\x1b[2K");
    },
  };
}
