/**
 * `torale mcp serve --http` as a subprocess, with the MCP SDK's client over Streamable HTTP:
 * wait_for_task's progress notifications (streamed on the call's own response) and its bound,
 * a client's cancellation ending the wait (the server stops polling the API at once), and
 * --read-only offering no write tool; the key in no byte exchanged throughout.
 */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { tempHome } from "../helpers/cli.ts";
import { data, textOf, type ToolInfo } from "../helpers/mcp.ts";
import { assertCleanHttp, callTool, startMcpHttp } from "../helpers/mcp_http.ts";

type Progress = { progress: number; total?: number; message?: string };

for (const generation of ["current", "classic"] as const) {
  Deno.test(`mcp http (${generation}): wait_for_task streams progress, ends at its timeout, and stops polling when cancelled`, async () => {
    const requests: string[] = [];
    await using t = await startTestApi({ generation, log: (line) => requests.push(line) });
    const env = { HOME: await tempHome(), TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
    await using server = await startMcpHttp([], env);
    const client = await server.connect();
    // Paused and never executed: no run comes, so only the bound or a cancel ends a wait.
    const task = data(
      await callTool(client, "create_task", {
        query: "Quiet",
        condition: "Never",
        name: "Quiet",
        paused: true,
      }),
    ).task as { id: string };

    const progress: Progress[] = [];
    const started = Date.now();
    const timedOut = await client.callTool(
      { name: "wait_for_task", arguments: { task: task.id, until: "run", timeout: 3 } },
      undefined,
      { onprogress: (note: Progress) => progress.push(note) },
    );
    assert.equal(data(timedOut).outcome, "timed_out");
    assert.match(textOf(timedOut), /^Still waiting after 3 s/);
    const took = Date.now() - started;
    assert.ok(took >= 2_900 && took < 10_000, `the wait took ${took} ms`);
    assert.ok(progress.length >= 1, "progress notifications while waiting");
    assert.equal(progress[0].total, 3);
    assert.match(progress[0].message ?? "", /^Waiting \(/);
    // They came over HTTP, on the event stream answering the call.
    assert.match(server.bytes.http.join("\n"), /"method":"notifications\/progress"/);

    // Cancelled after its first progress: the call ends at once and the polling stops.
    const polls = () => requests.filter((line) => line.includes("/executions")).length;
    const abort = new AbortController();
    const cancelled = client.callTool(
      { name: "wait_for_task", arguments: { task: task.id, until: "run", timeout: 120 } },
      undefined,
      { signal: abort.signal, onprogress: () => abort.abort("enough") },
    );
    await assert.rejects(cancelled);
    // The cancel is a notification of its own POST: give it a moment to land.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = polls();
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    assert.equal(polls(), after, "the server polled on after the cancel");
    assert.match(server.bytes.http.join("\n"), /"method":"notifications\/cancelled"/);
    // And the server still answers, on the same session.
    assert.equal(data(await callTool(client, "list_tasks")).total, 1);

    assertCleanHttp(server.bytes, await server.stop(), t.key);
  });
}

Deno.test("mcp http: --read-only lists no write tool and a write is refused", async () => {
  await using t = await startTestApi({ generation: "current" });
  const env = { HOME: await tempHome(), TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
  await using server = await startMcpHttp(["--read-only"], env);
  assert.equal(server.mode, "read-only");
  const client = await server.connect();
  const tools = (await client.listTools()).tools as ToolInfo[];
  const names = tools.map((tool) => tool.name);
  assert.ok(names.includes("list_tasks") && names.includes("list_connectors"));
  for (const tool of tools) {
    assert.equal(tool.annotations?.readOnlyHint, true, `${tool.name} is a read tool`);
  }
  for (const write of ["create_task", "delete_task", "run_task", "connect_connector"]) {
    assert.ok(!names.includes(write), `${write} is offered`);
  }
  const refused = await callTool(client, "create_task", { query: "q", condition: "c" })
    .then((result) => ({ isError: result.isError, text: textOf(result) }))
    .catch((error: Error) => ({ isError: true, text: error.message }));
  assert.equal(refused.isError, true);
  assert.match(refused.text, /create_task/);
  assert.equal(data(await callTool(client, "list_tasks")).total, 0);
  assertCleanHttp(server.bytes, await server.stop(), t.key);
});
