/**
 * `deno task docs`: writes the command reference (docs/<command>.md), the help
 * topics (docs/help/<topic>.md), the index (docs/README.md) and the man pages
 * (docs/man/*.1) from the command specs and src/cli/topics/. With `--check` it
 * writes nothing and exits 1, naming the files, when docs/ differs from what it
 * would write (tests/unit/docs_test.ts runs the same check).
 */
import { join } from "node:path";
import { topicMarkdown, TOPICS } from "../src/cli/topics/index.ts";
import { rootNode } from "../src/cli/trees.ts";
import { commandPage, indexPage } from "./docs_markdown.ts";
import { commandManPage, rootManPage } from "./docs_man.ts";

const DOCS = join(import.meta.dirname!, "..", "docs");
/** deno.json's fmt.lineWidth. */
const LINE_WIDTH = 100;

/** The hand-written guides (docs/guide/*.md) and their titles, for the index. */
async function guides(docs: string): Promise<{ file: string; title: string }[]> {
  const found: { file: string; title: string }[] = [];
  for (const dir of ["guide", "."]) {
    try {
      for await (const entry of Deno.readDir(join(docs, dir))) {
        if (!entry.isFile || !entry.name.endsWith(".md")) continue;
        const text = await Deno.readTextFile(join(docs, dir, entry.name));
        if (text.startsWith("<!-- Generated")) continue;
        const title = /^# (.+)$/m.exec(text)?.[1] ?? entry.name;
        found.push({ file: dir === "." ? entry.name : `${dir}/${entry.name}`, title });
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  // The guides first, then the pages for working on the CLI itself.
  const rank = (file: string) => file.includes("/") ? 0 : 1;
  return found.sort((a, b) => rank(a.file) - rank(b.file) || a.file.localeCompare(b.file));
}

/** Every generated file, by its path under docs/. */
export async function generate(docs = DOCS): Promise<Map<string, string>> {
  const root = await rootNode(undefined);
  const files = new Map<string, string>();
  for (const [name, node] of Object.entries(root.routes)) {
    files.set(`${name}.md`, commandPage(name, node));
    files.set(`man/torale-${name}.1`, commandManPage(name, node));
  }
  for (const [name, { load }] of Object.entries(TOPICS)) {
    files.set(`help/${name}.md`, topicMarkdown(name, await load()));
  }
  files.set("man/torale.1", await rootManPage(root));
  files.set("README.md", indexPage(root, await guides(docs)));
  return await formatMarkdown(files);
}

/**
 * `files` with the Markdown laid out as `deno fmt` lays it out (tables aligned,
 * lines filled to deno.json's width), so that `deno fmt --check` and this
 * script agree on every page. One `deno fmt` run formats them all.
 */
async function formatMarkdown(files: Map<string, string>): Promise<Map<string, string>> {
  const dir = await Deno.makeTempDir({ prefix: "torale-docs-" });
  try {
    const markdown = [...files.keys()].filter((path) => path.endsWith(".md"));
    const temp = (path: string) => join(dir, path.replaceAll("/", "__"));
    for (const path of markdown) await Deno.writeTextFile(temp(path), files.get(path)!);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--no-config", `--line-width=${LINE_WIDTH}`, "-q", dir],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!out.success) throw new Error(`deno fmt failed: ${new TextDecoder().decode(out.stderr)}`);
    for (const path of markdown) files.set(path, await Deno.readTextFile(temp(path)));
    return files;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Generated files under docs/ that no spec produces any more (a removed command). */
async function stale(docs: string, files: Map<string, string>): Promise<string[]> {
  const found: string[] = [];
  for (const dir of [".", "help", "man"]) {
    try {
      for await (const entry of Deno.readDir(join(docs, dir))) {
        const path = dir === "." ? entry.name : `${dir}/${entry.name}`;
        if (!entry.isFile || files.has(path)) continue;
        const text = await Deno.readTextFile(join(docs, path));
        if (/^(<!-- Generated|\.\\" Generated)/.test(text)) found.push(path);
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return found;
}

/** The paths under `docs` that differ from what `deno task docs` would write. */
export async function drift(docs = DOCS): Promise<string[]> {
  const files = await generate(docs);
  const differ: string[] = [];
  for (const [path, text] of files) {
    const current = await Deno.readTextFile(join(docs, path)).catch(() => undefined);
    if (current !== text) differ.push(path);
  }
  return [...differ, ...await stale(docs, files)];
}

if (import.meta.main) {
  if (Deno.args.includes("--check")) {
    const differ = await drift();
    if (differ.length) {
      console.error(`Error: docs/ is out of date: ${differ.join(", ")}`);
      console.error("Run `deno task docs` and commit the result.");
      Deno.exit(1);
    }
  } else {
    const files = await generate();
    for (const path of await stale(DOCS, files)) await Deno.remove(join(DOCS, path));
    for (const [path, text] of files) {
      await Deno.mkdir(join(DOCS, path, ".."), { recursive: true });
      await Deno.writeTextFile(join(DOCS, path), text);
    }
    console.error(`Wrote ${files.size} files under docs/`);
  }
}
