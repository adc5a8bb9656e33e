/**
 * `deno task install [--root <dir>]`: installs `torale` for this user with `deno install
 * --global`, from the release bundle rather than from the clone.
 *
 * `deno install --global … main.ts` leaves the shim running main.ts where the clone is, so
 * moving or deleting the clone breaks `torale`. Here the bundle (torale.js, with the local
 * API's torale-local-api.js and the MCP server's torale-mcp.js beside it) is built into
 * `<root>/lib/torale/`, beside the `<root>/bin/` that deno install writes the shim to; deno
 * install copies deno.json (the import map of the packages loaded by name) and deno.lock next
 * to the shim and puts node_modules there. Nothing of the clone is used afterwards. The root
 * is --root, else DENO_INSTALL_ROOT, else ~/.deno, as for deno install itself.
 */
import { join } from "node:path";
import { build } from "./build.ts";
import { installPermissionFlags } from "./permissions.ts";

const ROOT = join(import.meta.dirname!, "..");

/** Where the installed bundle lives under the install root `root`. */
export function installedBundle(root: string): string {
  return join(root, "lib", "torale", "torale.js");
}

/** The `deno install` arguments that install the bundle `bundle` as `torale`, replacing one. */
export function installArgs(bundle: string, root: string): string[] {
  return [
    "install",
    "--global",
    "--force",
    "--root",
    root,
    "--name",
    "torale",
    ...installPermissionFlags(),
    "--config",
    join(ROOT, "deno.json"),
    bundle,
  ];
}

/** The install root: `--root`, else DENO_INSTALL_ROOT, else ~/.deno. */
export function installRoot(args: string[], env: (name: string) => string | undefined): string {
  if (args.length === 2 && args[0] === "--root") return args[1];
  if (args.length !== 0) throw new Error(`unexpected arguments: ${args.join(" ")}`);
  const home = env("HOME") ?? env("USERPROFILE");
  const root = env("DENO_INSTALL_ROOT") ?? (home ? join(home, ".deno") : undefined);
  if (!root) throw new Error("no HOME: give the install root with --root <dir>");
  return root;
}

if (import.meta.main) {
  let root: string;
  try {
    root = installRoot(Deno.args, (name) => Deno.env.get(name));
  } catch (error) {
    console.error(`Error: ${(error as Error).message}`);
    console.error("Usage: deno task install [--root <dir>]");
    Deno.exit(2);
  }
  const bundle = installedBundle(root);
  if (await build(bundle) !== 0) Deno.exit(1);
  const installed = await new Deno.Command(Deno.execPath(), {
    args: installArgs(bundle, root),
    cwd: ROOT,
  }).output();
  if (!installed.success) {
    console.error("Error: deno install failed");
    Deno.exit(1);
  }
  console.error(`Installed torale ${join(root, "bin", "torale")}, running ${bundle}`);
}
