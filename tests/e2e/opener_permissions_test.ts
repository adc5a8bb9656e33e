/**
 * The browser opener under the CLI's own permissions (scripts/permissions.ts): it may start,
 * with the URL as one argument; no other program may; and a machine without it runs quietly.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { cliPermissionFlags } from "../../scripts/permissions.ts";

const BROWSER = new URL("../../src/system/browser.ts", import.meta.url).href;
const ROOT = join(import.meta.dirname!, "..", "..");

/** Opens a URL through browser.ts, then tries a shell; prints what happened as JSON. */
const PROBE = `
import { openBrowser } from ${JSON.stringify(BROWSER)};
const opened = await openBrowser("https://example.com/a?x=1&y=2 3");
let shell = "started";
try {
  await new Deno.Command("/bin/sh", { args: ["-c", "true"] }).output();
} catch (error) {
  shell = error.constructor.name;
}
console.log(JSON.stringify({ opened, shell }));
`;

/** Runs the probe with the CLI's flags and PATH set to `path` alone. */
async function probe(dir: string, path: string) {
  const script = join(dir, "probe.ts");
  await Deno.writeTextFile(script, PROBE);
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...cliPermissionFlags(), script],
    cwd: ROOT,
    clearEnv: true,
    env: { PATH: path, HOME: dir },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: output.code,
    result: JSON.parse(new TextDecoder().decode(output.stdout) || "null"),
    stderr: new TextDecoder().decode(output.stderr),
  };
}

Deno.test({
  name: "the CLI's permissions let it start xdg-open with the URL whole, and nothing else",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "torale-opener-" });
    const bin = join(dir, "bin");
    await Deno.mkdir(bin);
    const seen = join(dir, "seen");
    // A stand-in xdg-open that records its arguments, one a line.
    await Deno.writeTextFile(
      join(bin, "xdg-open"),
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > '${seen}'\n`,
      { mode: 0o755 },
    );
    // /bin for the stand-in's own sh; the probe's /bin/sh is refused all the same.
    const run = await probe(dir, `${bin}:/bin:/usr/bin`);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.result, { opened: true, shell: "NotCapable" });
    assert.equal(await Deno.readTextFile(seen), "https://example.com/a?x=1&y=2%203\n");
    assert.equal(run.stderr, "");
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "without xdg-open installed the CLI starts quietly and the opener says it failed",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "torale-opener-" });
    const empty = join(dir, "empty");
    await Deno.mkdir(empty);
    const run = await probe(dir, empty);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.result, { opened: false, shell: "NotCapable" });
    // Not even Deno's "Failed to resolve 'xdg-open' for allow-run" note.
    assert.equal(run.stderr, "");
    await Deno.remove(dir, { recursive: true });
  },
});
