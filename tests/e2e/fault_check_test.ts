/** `deno task fault-check` replays the hostile-answer matrix against the real CLI, in CI too. */
import assert from "node:assert/strict";

Deno.test("the CLI survives every hostile answer of the fault-check matrix", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      "--allow-net=127.0.0.1",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-run",
      new URL("../../scripts/fault_check.ts", import.meta.url).pathname,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  assert.equal(output.code, 0, stdout + new TextDecoder().decode(output.stderr));
  const lines = stdout.trim().split("\n");
  assert.match(lines.at(-1)!, /^fault-check: (\d+) passed, 0 failed$/);
  assert(lines.length >= 20, `only ${lines.length - 1} cases ran`);
  assert.deepEqual(lines.filter((line) => line.startsWith("FAIL")), []);
});
