/**
 * The real process's streams: a full disk on stdout is an error that says so (exit 1, not "a
 * bug in torale"), and a reader that goes away (`| head -c 1`) is not an error at all.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { cleanEnv } from "../../scripts/clean_env.ts";
import { ENTRY, tempHome } from "../helpers/cli.ts";

const ROOT = join(import.meta.dirname!, "..", "..");
// Linux has /dev/full (Deno itself may not stat a device without --allow-all; bash opens it).
const hasDevFull = Deno.build.os === "linux";

/** `torale <args>` (`config` by default) with its stdout sent where `redirect` says (bash, pipefail). */
async function configInto(redirect: string, args = ["config"]) {
  const home = await tempHome();
  const output = await new Deno.Command("bash", {
    // "$0" "$@" is the CLI; only the redirect is shell text.
    args: [
      "-c",
      `set -o pipefail; "$0" "$@" ${redirect}; echo "exit $?" >&2`,
      Deno.execPath(),
      "run",
      ...cliPermissionFlags(),
      ENTRY,
      ...args,
    ],
    cwd: ROOT,
    clearEnv: true,
    env: await cleanEnv({ HOME: home }),
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    stdout: new TextDecoder().decode(output.stdout),
    stderr: new TextDecoder().decode(output.stderr),
  };
}

Deno.test({
  name: "a full disk on stdout is a plain error, exit 1",
  ignore: !hasDevFull,
  fn: async () => {
    const { stderr } = await configInto(">/dev/full");
    assert.match(stderr, /^Error: Could not write to stdout: No space left on device/m);
    assert.doesNotMatch(stderr, /bug in torale|Unexpected failure|at \w+ \(/);
    assert.match(stderr, /exit 1\n$/);
    // Help is written by stricli's help integration: the same plain error, no stack trace.
    for (const args of [["--help"], ["task", "list", "--help"], ["help", "task"]]) {
      const help = await configInto(">/dev/full", args);
      assert.match(help.stderr, /^Error: Could not write to stdout: No space left on device/m);
      assert.doesNotMatch(help.stderr, /Unexpected|integration|at \w+ \(/);
      assert.match(help.stderr, /exit 1\n$/);
    }
  },
});

Deno.test("a reader that stops early ends the output quietly, exit 0", async () => {
  const { stdout, stderr } = await configInto("| head -c 3");
  assert.equal(stdout, "KEY");
  assert.equal(stderr, "exit 0\n");
});
