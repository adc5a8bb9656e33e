/** The release bundle's arguments and its start-up check (scripts/build.ts), without building. */
import assert from "node:assert/strict";
import {
  bundleArgs,
  checkBundle,
  checkNoMcpServer,
  localApiBundlePath,
  MCP_SERVER_STRINGS,
  mcpBundlePath,
  withLocalApi,
  withMcp,
  withRootHelp,
} from "../../scripts/build.ts";

Deno.test("the bundle is type-checked, keeps node:* outside and starts from main.ts", () => {
  const args = bundleArgs("/out/torale.js");
  assert.equal(args[0], "bundle");
  assert(args.includes("--check"), "the bundle is type-checked");
  assert(args.includes("--minify"), "minified: less for V8 to read on every start");
  assert.equal(args[args.indexOf("--external") + 1], "node:*");
  assert.equal(args[args.indexOf("--output") + 1], "/out/torale.js");
  assert.match(args[args.length - 1], /main\.ts$/);
});

Deno.test("checkBundle refuses anything the bundle would load at start-up", () => {
  assert.deepEqual(
    checkBundle('var a = 1;\nawait import("node:process");\nawait import(name);import(e)\n'),
    [],
  );
  const problems = checkBundle(
    [
      'import process from "node:process";',
      'import "./side-effect.js";',
      'import {\n  stringify\n} from "yaml";',
      'export { run } from "./run.js";',
      'const m = await import("npm:yaml");',
      "const help = `import from a template literal is fine`;",
    ].join("\n"),
  );
  assert.equal(problems.length, 5, problems.join("\n"));
  assert.match(problems[0], /^line 1: a static import is evaluated on every run/);
  assert.match(problems[1], /^line 2: /);
  assert.match(problems[2], /^line 3: /);
  assert.match(problems[3], /^line 6: /);
  assert.equal(problems[4], 'an unexpected dynamic import: import("npm:yaml")');
});

Deno.test("checkBundle finds a static import in the middle of a minified line", () => {
  const problems = checkBundle(
    'var Ea=p(()=>{Wn=["a"]});import{fileURLToPath as D0}from"node:url";async function q(){}\n' +
      'x=1;import*as Y from"node:fs";let s="a; import x from y";\n',
  );
  assert.deepEqual(problems, [
    'a static import is evaluated on every run: import{fileURLToPath as D0}from"node:url"',
    'a static import is evaluated on every run: import*as Y from"node:fs"',
  ]);
});

Deno.test("the root help page replaces its one marker, as a string literal", () => {
  const code = 'const PAGE = "@@TORALE_ROOT_HELP@@";\nPAGE.startsWith("@@TORALE_ROOT_HELP");\n';
  const page = 'USAGE\n  torale "quoted" $& \\ \u2028\n';
  const built = withRootHelp(code, page);
  assert.equal(built.split("\n")[0], `const PAGE = ${JSON.stringify(page)};`);
  // The prefix check is left alone: only the full marker is replaced.
  assert.match(built, /PAGE\.startsWith\("@@TORALE_ROOT_HELP"\)/);
  assert.equal(new Function(`${built.split("\n")[0]} return PAGE;`)(), page);
  assert.throws(() => withRootHelp("no marker", page), /found 0/);
  assert.throws(() => withRootHelp(code + code, page), /found 2/);
});

Deno.test("the CLI's bundle names the local API's bundle beside it, once", () => {
  assert.equal(localApiBundlePath("/out/torale.js"), "/out/torale-local-api.js");
  const args = bundleArgs("/out/torale-local-api.js", "/src/local_api/entry.ts");
  assert.equal(args[args.indexOf("--external") + 1], "node:*", "node:sqlite stays outside");
  assert.equal(args.at(-1), "/src/local_api/entry.ts");
  const code = 'const B = "@@TORALE_LOCAL_API@@";B.startsWith("@@TORALE_LOCAL_API");';
  assert.equal(
    withLocalApi(code, "/out/torale.js"),
    'const B = "./torale-local-api.js";B.startsWith("@@TORALE_LOCAL_API");',
  );
  assert.throws(() => withLocalApi("none", "/out/torale.js"), /local API marker once.*found 0/);
});

Deno.test("the CLI's bundle names the MCP server's bundle beside it, once", () => {
  assert.equal(mcpBundlePath("/out/torale.js"), "/out/torale-mcp.js");
  const code = 'const M = "@@TORALE_MCP@@";M.startsWith("@@TORALE_MCP");';
  assert.equal(
    withMcp(code, "/out/torale.js"),
    'const M = "./torale-mcp.js";M.startsWith("@@TORALE_MCP");',
  );
  assert.throws(() => withMcp("none", "/out/torale.js"), /MCP server marker once.*found 0/);
});

Deno.test("the build refuses a CLI bundle that holds the MCP server's code", async () => {
  assert.deepEqual(checkNoMcpServer('var help="list_tasks, get_task, create_task";'), []);
  const problems = checkNoMcpServer(`a(${JSON.stringify(MCP_SERVER_STRINGS[0])})`);
  assert.equal(problems.length, 1);
  assert.match(
    problems[0],
    /^the MCP server's code is inlined \(".+"\): it belongs in torale-mcp\.js$/,
  );
  // Each string is the server's own: in src/mcp/, and in no module the CLI's bundle carries.
  const root = new URL("../../src/", import.meta.url);
  const mcp = await Promise.all(
    [...Deno.readDirSync(new URL("mcp/", root))].map((entry) =>
      Deno.readTextFile(new URL(`mcp/${entry.name}`, root))
    ),
  );
  const help = await Deno.readTextFile(new URL("commands/mcp/routes.ts", root));
  for (const text of MCP_SERVER_STRINGS) {
    assert(mcp.some((source) => source.includes(text)), `${text} is in src/mcp/`);
    assert(!help.includes(text), `${text} is not in torale mcp's help`);
  }
});
