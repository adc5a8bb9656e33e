/**
 * Monitors as code as a user runs it: the real entry point (the bundle or a binary when
 * TORALE_ENTRY / TORALE_BIN say so) with the least-privilege flags, a file outside ~/.torale,
 * both API generations: export, edit, plan (exit 3), apply, plan again (exit 0).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startTestApi } from "../helpers/api.ts";
import { runSubprocess, tempHome } from "../helpers/cli.ts";

for (const generation of ["classic", "current"] as const) {
  Deno.test(`e2e (${generation}): export, edit, plan, apply, plan again`, async () => {
    await using t = await startTestApi({ generation });
    const home = await tempHome();
    const env = { TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
    const torale = (args: string[]) => runSubprocess(args, { home, env, secrets: [t.key] });
    const created = await torale([
      "task",
      "create",
      "-q",
      "Rust 2.0",
      "-c",
      "Released",
      "-n",
      "Rust",
    ]);
    assert.equal(created.code, 0, created.stderr);
    const dir = await Deno.makeTempDir({ prefix: "torale-monitors-e2e-" });
    const file = join(dir, "torale.yaml");
    const exported = await torale(["export", "--file", file]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stderr, /Wrote 1 task to /);
    const text = await Deno.readTextFile(file);
    await Deno.writeTextFile(file, text.replace("state: active", "state: paused"));
    const plan = await torale(["plan", "-f", file, "--detailed-exitcode"]);
    assert.equal(plan.code, 3, plan.stderr);
    assert.match(plan.stdout, /~ pause "Rust" \(\w{8}\)\n {4}state: "active" → "paused"/);
    const apply = await torale(["apply", "-f", file, "--yes"]);
    assert.equal(apply.code, 0, apply.stderr);
    assert.match(apply.stdout, /✓ pause "Rust"/);
    const again = await torale(["plan", "-f", file, "--detailed-exitcode"]);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    await Deno.remove(dir, { recursive: true });
  });
}
