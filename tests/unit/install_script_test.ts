/** `deno task install` (scripts/install.ts): where it installs and what it runs, without installing. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { installArgs, installedBundle, installRoot } from "../../scripts/install.ts";
import { installPermissionFlags } from "../../scripts/permissions.ts";

Deno.test("deno task install picks --root, else DENO_INSTALL_ROOT, else ~/.deno, and refuses others", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.equal(installRoot(["--root", "/opt/t"], env({ DENO_INSTALL_ROOT: "/x" })), "/opt/t");
  assert.equal(installRoot([], env({ DENO_INSTALL_ROOT: "/x", HOME: "/h" })), "/x");
  assert.equal(installRoot([], env({ HOME: "/h" })), join("/h", ".deno"));
  assert.throws(() => installRoot([], env({})), /no HOME/);
  assert.throws(() => installRoot(["--force"], env({ HOME: "/h" })), /unexpected arguments/);
});

Deno.test("deno task install installs the bundle under lib/torale with the CLI's permissions", () => {
  const bundle = installedBundle("/r");
  assert.equal(bundle, join("/r", "lib", "torale", "torale.js"));
  const args = installArgs(bundle, "/r");
  assert.deepEqual(args.slice(0, 7), [
    "install",
    "--global",
    "--force",
    "--root",
    "/r",
    "--name",
    "torale",
  ]);
  for (const flag of installPermissionFlags()) assert.ok(args.includes(flag), flag);
  assert.match(args[args.indexOf("--config") + 1], /deno\.json$/);
  assert.equal(args.at(-1), bundle);
});
