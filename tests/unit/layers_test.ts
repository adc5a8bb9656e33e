/**
 * The layout's rules, read from the source: arrows only point down, the
 * composition root is imported only by main.ts, stricli sits behind one
 * module, and no file grows past its limit.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dirname!, "..", "..");
const SRC = join(ROOT, "src");

async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...await sourceFiles(path));
    else if (entry.name.endsWith(".ts")) files.push(path);
  }
  return files;
}

/** Each file under src/ (as `src/...`) with the specifiers it imports. */
async function imports(): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const file of await sourceFiles(SRC)) {
    const text = await Deno.readTextFile(file);
    const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) =>
      m[1].startsWith(".") ? relative(ROOT, join(file, "..", m[1])) : m[1]
    );
    found.set(relative(ROOT, file), specifiers);
  }
  return found;
}

/** `src/<floor>/...` of a path, or undefined for a file at the top of src/. */
function floor(path: string): string | undefined {
  const parts = path.split("/");
  return parts[0] === "src" && parts.length > 2 ? parts[1] : undefined;
}

const FORBIDDEN: Record<string, string[]> = {
  api: ["cli", "kit", "commands", "system"],
  config: ["cli", "kit", "commands", "system"],
  output: ["cli", "kit", "commands", "system"],
  kit: ["cli", "commands", "system"],
  commands: ["cli", "system"],
  cli: ["system"],
};

Deno.test("no lower layer of src/ imports an upper one", async (t) => {
  const all = await imports();
  for (const [lower, uppers] of Object.entries(FORBIDDEN)) {
    await t.step(`src/${lower}/ imports none of ${uppers.join(", ")}`, () => {
      const breaks = [...all].flatMap(([file, specifiers]) =>
        floor(file) === lower
          ? specifiers.filter((s) => uppers.includes(floor(s) ?? "")).map((s) => `${file} -> ${s}`)
          : []
      );
      assert.deepEqual(breaks, []);
    });
  }
});

Deno.test("only main.ts reaches the real system (src/system/)", async () => {
  const all = await imports();
  const importers = [...all].filter(([file, specifiers]) =>
    floor(file) !== "system" && specifiers.some((s) => floor(s) === "system")
  ).map(([file]) => file);
  assert.deepEqual(importers, []);
  const main = await Deno.readTextFile(join(ROOT, "main.ts"));
  assert.match(main, /from "\.\/src\/system\/deps\.ts"/);
});

Deno.test("stricli is loaded by src/kit/stricli.ts alone, which only the stricli adapter imports", async () => {
  const runtime: string[] = [];
  const typeOnly: string[] = [];
  for (const file of await sourceFiles(SRC)) {
    const text = await Deno.readTextFile(file);
    for (const [statement] of text.matchAll(/import\s[^;]*?"@stricli\/core"/g)) {
      (/^import\s+type\s/.test(statement) ? typeOnly : runtime).push(relative(ROOT, file));
    }
    if (/export\s[^;]*?from\s*"@stricli\/core"/.test(text)) runtime.push(relative(ROOT, file));
  }
  assert.deepEqual([...new Set(runtime)], ["src/kit/stricli.ts"]);
  assert.deepEqual(typeOnly, ["src/kit/spec.ts"]);
  // A run that names a command with nothing to parse (src/cli/direct.ts) must not load stricli.
  const all = await imports();
  const importers = [...all].filter(([, specifiers]) => specifiers.includes("src/kit/stricli.ts"))
    .map(([file]) => file).sort();
  assert.deepEqual(importers, ["src/cli/app.ts", "src/cli/usage_text.ts"]);
  const appImporters = [...all].filter(([, specifiers]) => specifiers.includes("src/cli/app.ts"))
    .map(([file]) => file).sort();
  assert.deepEqual(appImporters, ["src/cli/complete.ts", "src/run.ts"]);
  const run = await Deno.readTextFile(join(SRC, "run.ts"));
  assert.match(run, /await import\("\.\/cli\/app\.ts"\)/);
  assert.doesNotMatch(run, /^import [^;]*"\.\/cli\/app\.ts"/m);
});

Deno.test("each lazily loaded package is loaded by one module, jq only behind --jq", async () => {
  const loaders = new Map<string, string[]>();
  const dynamicOnly: string[] = [];
  for (const file of await sourceFiles(SRC)) {
    const text = await Deno.readTextFile(file);
    for (const [, name] of text.matchAll(/importPackage\("([^"]+)"\)/g)) {
      loaders.set(name, [...loaders.get(name) ?? [], relative(ROOT, file)]);
    }
    if (/^import [^;]*"[./]*output\/jq\.ts"/m.test(text)) dynamicOnly.push(relative(ROOT, file));
  }
  assert.deepEqual(Object.fromEntries(loaders), {
    "yaml": ["src/output/render.ts"],
    "croner": ["src/commands/task/cron.ts"],
    "cronstrue": ["src/commands/task/cron.ts"],
    "@inquirer/prompts": ["src/system/prompt.ts"],
    "jq-wasm": ["src/output/jq.ts"],
    "@modelcontextprotocol/sdk/server/mcp.js": ["src/mcp/sdk.ts"],
    "@modelcontextprotocol/sdk/shared/stdio.js": ["src/mcp/sdk.ts"],
    "zod": ["src/mcp/sdk.ts"],
  });
  // A static import would load jq.ts (and, in the bundle, evaluate it) on every run.
  assert.deepEqual(dynamicOnly, [], "src/output/jq.ts is imported statically");
});

Deno.test("no file under src/ is over 300 lines, and src/cli/app.ts is under 200", async () => {
  const long: string[] = [];
  for (const file of await sourceFiles(SRC)) {
    const lines = (await Deno.readTextFile(file)).split("\n").length - 1;
    const limit = file.endsWith(join("cli", "app.ts")) ? 199 : 300;
    if (lines > limit) long.push(`${relative(ROOT, file)}: ${lines} lines`);
  }
  assert.deepEqual(long, []);
});

Deno.test("the local API (local_api/, hono, node:sqlite) is loaded by torale local-api alone, by a computed name", async () => {
  const all = await imports();
  const reaching = [...all].flatMap(([file, specifiers]) =>
    specifiers.filter((s) => s.startsWith("local_api/") || s === "hono" || s === "node:sqlite")
      .map((s) => `${file} -> ${s}`)
  );
  assert.deepEqual(reaching, ["src/commands/local_api/module.ts -> local_api/entry.ts"]);
  // That one is a type: a statically analysable import would have Deno prepare hono and
  // node:sqlite on every run, and would inline the local API into the release bundle.
  const module = await Deno.readTextFile(join(SRC, "commands", "local_api", "module.ts"));
  const mentions = [...module.matchAll(/(\w+\s+)?import\s*\(\s*"[^"]*local_api\/entry\.ts"/g)];
  assert.deepEqual(mentions.map((m) => m[1]?.trim()), ["typeof"]);
});

Deno.test("the MCP server (src/mcp/) is loaded by torale mcp serve alone, by a computed name", async () => {
  const all = await imports();
  const runtime: string[] = [];
  for (const [file, specifiers] of all) {
    if (file.startsWith("src/mcp/")) continue;
    const text = await Deno.readTextFile(join(ROOT, file));
    const typeOnly = new Set(
      [...text.matchAll(/import\s+type\s[^;]*?from\s*"([^"]+)"|typeof\s+import\(\s*"([^"]+)"/g)]
        .map((m) => relative(ROOT, join(ROOT, file, "..", m[1] ?? m[2]))),
    );
    for (const specifier of specifiers) {
      if (specifier.startsWith("src/mcp/") && !typeOnly.has(specifier)) {
        runtime.push(`${file} -> ${specifier}`);
      }
    }
  }
  // Anything else would inline the server into the release bundle (scripts/build.ts bundles it
  // apart, from src/mcp/entry.ts), and every command would read it at start-up.
  assert.deepEqual(runtime, []);
  const module = await Deno.readTextFile(join(SRC, "commands", "mcp", "module.ts"));
  const mentions = [...module.matchAll(/(\w+\s+)?import\s*\(\s*"[^"]*mcp\/entry\.ts"/g)];
  assert.deepEqual(mentions.map((m) => m[1]?.trim()), ["typeof"]);
  assert.match(module, /"@@TORALE_MCP@@"/);
});
