/** Familiar words work (help, login, ls, rm), and suggestions only name close matches. */
import assert from "node:assert/strict";
import { commandLine, runInProcess, runNoAuth, tempHome } from "../helpers/cli.ts";
import { json, stubFetch } from "../helpers/fetch_stub.ts";

Deno.test("help in words: `torale help <command…>` and `torale <tree> help` show that help", async (t) => {
  const home = await tempHome();
  const cases: [string[], RegExp][] = [
    [["help"], /^torale: .*\n\nUSAGE\n {2}torale <command>/],
    [["help", "task", "create"], /^USAGE\n {2}torale task create\b/],
    [["task", "help"], /^USAGE\n {2}torale task create/],
    [["auth", "login", "--help"], /^USAGE\n {2}torale auth login\n/],
    // A help flag before the command asks for that command's help, as in gh and git.
    [["--help", "task", "list"], /^USAGE\n {2}torale task list\b/],
    [["-h", "auth", "status"], /^USAGE\n {2}torale auth status\n/],
  ];
  for (const [args, usage] of cases) {
    await t.step(commandLine(args), async () => {
      const result = await runInProcess(args, { home });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, usage);
    });
  }
});

Deno.test("task ls and task rm are list and delete", async () => {
  const id = "abcd1111-0000-4000-8000-000000000000";
  const stub = stubFetch([
    { method: "GET", path: "/api/v1/tasks/", respond: () => json(200, []) },
    {
      method: "DELETE",
      path: `/api/v1/tasks/${id}`,
      respond: () => new Response(null, { status: 204 }),
    },
  ]);
  const listed = await runNoAuth(["task", "ls"], { fetch: stub.fetch });
  assert.equal(listed.stdout, "No tasks found.\n");
  const removed = await runNoAuth(["task", "rm", id, "--yes"], { fetch: stub.fetch });
  assert.equal(removed.code, 0, removed.stderr);
  stub.assertDone();
});

Deno.test("suggestions name only close matches, and commands one level down", async (t) => {
  const home = await tempHome();
  const cases: [string[], string | undefined][] = [
    [["tsk"], "did you mean `torale task`?"],
    [["login"], "did you mean `torale auth login`?"],
    [["auth", "logn"], "did you mean `torale auth login`?"],
    [["task", "remove"], undefined],
    [["config", "show"], undefined],
    // An empty word is a usage error too, never a silent exit 0.
    [[""], undefined],
  ];
  for (const [args, suggestion] of cases) {
    await t.step(commandLine(args), async () => {
      const result = await runInProcess(args, { home });
      assert.equal(result.code, 2);
      const first = result.stderr.split("\n")[0];
      if (suggestion) assert(first.endsWith(suggestion), first);
      else assert(!first.includes("did you mean"), first);
    });
  }
});
