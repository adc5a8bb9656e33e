/**
 * `torale mcp serve` over stdio: wait_for_task's progress notifications, its bound and its
 * cancellation (the server stops polling the API at once), the read-only mode, and the key of
 * a `--profile` from the config file kept out of every byte exchanged.
 */
import assert from "node:assert/strict";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startTestApi } from "../helpers/api.ts";
import { tempHome } from "../helpers/cli.ts";
import { writeConfig } from "../helpers/config_file.ts";
import { assertClean, data, startMcp, textOf, type ToolInfo } from "../helpers/mcp.ts";

for (const generation of ["current", "classic"] as const) {
  Deno.test(`mcp (${generation}): wait_for_task sends progress, ends at its timeout, and stops polling when cancelled`, async () => {
    const requests: string[] = [];
    await using t = await startTestApi({ generation, log: (line) => requests.push(line) });
    const env = { HOME: await tempHome(), TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
    await using mcp = await startMcp([], env);
    const { client } = mcp;
    // Paused and never executed: no run will come, so only the bound or a cancel ends a wait.
    const task = data(
      await client.callTool({
        name: "create_task",
        arguments: { query: "Quiet", condition: "Never", name: "Quiet", paused: true },
      }),
    ).task as { id: string };

    const progress: { progress: number; total?: number; message?: string }[] = [];
    const started = Date.now();
    const timedOut = await client.callTool(
      { name: "wait_for_task", arguments: { task: task.id, until: "run", timeout: 3 } },
      undefined,
      { onprogress: (note: (typeof progress)[number]) => progress.push(note) },
    );
    assert.equal(data(timedOut).outcome, "timed_out");
    assert.match(textOf(timedOut), /^Still waiting after 3 s/);
    const took = Date.now() - started;
    assert.ok(took >= 2_900 && took < 10_000, `the wait took ${took} ms`);
    assert.ok(progress.length >= 1, "progress notifications while waiting");
    assert.equal(progress[0].total, 3);
    assert.match(progress[0].message ?? "", /^Waiting \(/);

    // Cancelled after its first progress: the call ends at once and the polling stops.
    const polls = () => requests.filter((line) => line.includes("/executions")).length;
    const abort = new AbortController();
    const cancelled = client.callTool(
      { name: "wait_for_task", arguments: { task: task.id, until: "run", timeout: 120 } },
      undefined,
      { signal: abort.signal, onprogress: () => abort.abort("enough") },
    );
    await assert.rejects(cancelled);
    const after = polls();
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    assert.equal(polls(), after, "the server polled on after the cancel");
    // And the server still answers.
    assert.equal(data(await client.callTool({ name: "list_tasks", arguments: {} })).total, 1);
    await mcp.close();
    assertClean(mcp.bytes, t.key);
  });
}

Deno.test("mcp: --read-only offers only read tools and a write tool does not exist", async () => {
  await using t = await startTestApi({ generation: "current" });
  const env = { HOME: await tempHome(), TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
  await using mcp = await startMcp(["--read-only"], env);
  const tools = (await mcp.client.listTools()).tools as ToolInfo[];
  const names = tools.map((tool) => tool.name);
  assert.ok(names.includes("list_tasks") && names.includes("wait_for_task"));
  for (const tool of tools) {
    assert.equal(tool.annotations?.readOnlyHint, true, `${tool.name} is a read tool`);
  }
  for (const write of ["create_task", "delete_task", "run_task", "share_task"]) {
    assert.ok(!names.includes(write), `${write} is offered`);
  }
  const refused = await mcp.client.callTool({
    name: "create_task",
    arguments: { query: "q", condition: "c" },
  }).then((result: unknown) => result as CallToolResult, (error: Error) => error);
  if (refused instanceof Error) assert.match(refused.message, /create_task/);
  else assert.equal(refused.isError, true);
  assert.equal(data(await mcp.client.callTool({ name: "list_tasks", arguments: {} })).total, 0);
  await mcp.close();
  assertClean(mcp.bytes, t.key);
});

Deno.test("mcp: --profile picks the profile's key from the config file; it never leaves the server", async () => {
  await using t = await startTestApi({ generation: "current" });
  const home = await tempHome();
  // The default profile's key is one the API rejects: only --profile work can list.
  const wrong = `sk_${"x".repeat(43)}`;
  await writeConfig(home, {
    api_key: wrong,
    api_url: t.url,
    profiles: { work: { api_key: t.key, api_url: t.url } },
  });
  await using mcp = await startMcp(["--profile", "work"], { HOME: home });
  assert.equal(data(await mcp.client.callTool({ name: "list_tasks", arguments: {} })).total, 0);
  await mcp.close();
  assertClean(mcp.bytes, t.key);

  await using rejected = await startMcp([], { HOME: home });
  const answer = await rejected.client.callTool({ name: "list_tasks", arguments: {} });
  assert.equal((answer as CallToolResult).isError, true);
  assert.match(textOf(answer), /^Error: Invalid API key/);
  await rejected.close();
  assertClean(rejected.bytes, wrong);
});
