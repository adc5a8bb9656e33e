/**
 * The config store run by other processes. They import a copy of it that
 * anyone can read: `nobody` may not be able to read the clone itself (one
 * under a private, 0700, directory, as `mktemp -d` makes, shuts it out), and
 * a test passes whoever owns the clone.
 */
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(import.meta.dirname!, "..", "..");
const STORE = fileURLToPath(new URL("../../src/config/store.ts", import.meta.url));

/**
 * Copies src/config/store.ts and every module it imports (as `deno info`
 * lists them) to a new temp dir anyone can read; returns the copy's root.
 */
async function copyStore(): Promise<string> {
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", STORE],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(info.code, 0, new TextDecoder().decode(info.stderr));
  const { modules } = JSON.parse(new TextDecoder().decode(info.stdout)) as {
    modules: { kind: string; specifier: string; local?: string }[];
  };
  const copy = await Deno.makeTempDir({ prefix: "torale-store-" });
  await Deno.chmod(copy, 0o755);
  for (const module of modules) {
    if (module.kind === "node") continue;
    const path = relative(ROOT, module.local ?? "");
    assert(
      module.local && !path.startsWith(".."),
      `not a file of the project: ${module.specifier}`,
    );
    let dir = dirname(join(copy, path));
    await Deno.mkdir(dir, { recursive: true });
    for (; dir !== copy; dir = dirname(dir)) await Deno.chmod(dir, 0o755);
    await Deno.copyFile(module.local, join(copy, path));
    await Deno.chmod(join(copy, path), 0o644);
  }
  return copy;
}

let copied: Promise<string> | undefined;

/** The URL of store.ts in a copy anyone can read (made once per test process). */
export async function readableStoreCopy(): Promise<string> {
  copied ??= copyStore();
  return pathToFileURL(join(await copied, relative(ROOT, STORE))).href;
}
