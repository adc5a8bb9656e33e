/**
 * Where `torale mcp` sits: the SDK and zod load by name in src/mcp/sdk.ts alone (a static
 * import would be prepared by Deno, and inlined in the release bundle, on every run of every
 * command), src/mcp/ builds on the API layer and never on the command tree, and only its stdio
 * transport holds stdout.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dirname!, "..", "..");

async function files(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) found.push(...await files(path));
    else if (entry.name.endsWith(".ts")) found.push(path);
  }
  return found;
}

Deno.test("no module under src/ imports the MCP SDK or zod but by type", async () => {
  const runtime: string[] = [];
  for (const file of await files(join(ROOT, "src"))) {
    const text = await Deno.readTextFile(file);
    const statements = text.matchAll(
      /(?:^|\n)\s*(import|export)\s[^;]*?from\s*"(@modelcontextprotocol\/[^"]*|zod)"/g,
    );
    for (const [statement] of statements) {
      if (!/^\s*import\s+type\s/.test(statement)) runtime.push(relative(ROOT, file));
    }
    // import("…") in a type is erased; one that is called loads the package at once.
    for (const [call] of text.matchAll(/await\s+import\(\s*"(?:@modelcontextprotocol\/|zod)/g)) {
      runtime.push(`${relative(ROOT, file)}: ${call}`);
    }
  }
  assert.deepEqual(runtime, []);
});

Deno.test("src/mcp/ imports neither the command tree nor the CLI nor the real system", async () => {
  const breaks: string[] = [];
  for (const file of await files(join(ROOT, "src", "mcp"))) {
    const text = await Deno.readTextFile(file);
    for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)) {
      const target = relative(join(ROOT, "src"), join(file, "..", specifier)).split("/")[0];
      if (["commands", "cli", "system"].includes(target)) breaks.push(`${file} -> ${specifier}`);
    }
  }
  assert.deepEqual(breaks, []);
});

Deno.test("only the stdio transport of src/mcp/ writes to stdout", async () => {
  const writers: string[] = [];
  for (const file of await files(join(ROOT, "src", "mcp"))) {
    if (/stdout|console\./.test(await Deno.readTextFile(file))) writers.push(relative(ROOT, file));
  }
  assert.deepEqual(writers, ["src/mcp/stdio.ts"]);
});
