/**
 * `torale mcp serve --http` as a subprocess, driven by the MCP SDK's own client over Streamable
 * HTTP against the local API, on both generations: initialise, the tools, a task's life (create
 * → get → run → wait → delete), a refusal of what the generation lacks, and the key in no byte
 * exchanged (every HTTP head and body both ways, and the server's output). Then the real
 * command's guard: no token is 401, a foreign Origin is 403.
 */
import assert from "node:assert/strict";
import { initializeRequest } from "../helpers/raw_http.ts";
import { startTestApi } from "../helpers/api.ts";
import { tempHome } from "../helpers/cli.ts";
import { data, textOf, type ToolInfo } from "../helpers/mcp.ts";
import { assertCleanHttp, callTool, startMcpHttp } from "../helpers/mcp_http.ts";

const MET = {
  answer: "Rust 2.0 is out",
  condition_met: true,
  sources: [{ url: "https://x.example/a", title: "Rust blog" }],
};

const INITIALIZE = JSON.stringify(initializeRequest());

for (const generation of ["current", "classic"] as const) {
  Deno.test(`mcp http (${generation}): a task's life over Streamable HTTP, a refusal, and the key in no byte exchanged`, async () => {
    await using t = await startTestApi({ generation, results: { "rust 2.0 release": MET } });
    const env = { HOME: await tempHome(), TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
    await using server = await startMcpHttp([], env);
    assert.equal(server.mode, "read-write");
    const client = await server.connect();
    assert.equal(client.getServerVersion()?.name, "torale");
    assert.ok(client.getServerCapabilities()?.tools, "the server offers tools");

    const tools = (await client.listTools()).tools as ToolInfo[];
    const names = tools.map((tool) => tool.name);
    for (
      const name of [
        "list_tasks",
        "create_task",
        "run_task",
        "wait_for_task",
        "delete_task",
        "share_task",
        "list_connectors",
        "connect_connector",
        "disconnect_connector",
      ]
    ) {
      assert.ok(names.includes(name), `tool ${name}`);
    }
    for (const tool of tools) assert.ok(tool.outputSchema, `${tool.name} has an output schema`);

    const created = data(
      await callTool(client, "create_task", {
        query: "Rust 2.0 release",
        condition: "Released",
        name: "Rust 2.0",
      }),
    ).task as { id: string; name: string };
    assert.equal(created.name, "Rust 2.0");
    const got = data(await callTool(client, "get_task", { task: "Rust 2.0" }));
    assert.equal((got.task as { id: string }).id, created.id);

    const ran = data(await callTool(client, "run_task", { task: created.id, wait_seconds: 30 }));
    assert.equal(ran.outcome, "finished");
    const run = ran.run as { id: string; met: boolean; answer: string };
    assert.equal(run.met, true);
    assert.equal(run.answer, "Rust 2.0 is out");
    const waited = data(await callTool(client, "wait_for_task", { task: created.id, timeout: 5 }));
    assert.equal(waited.outcome, "met");
    assert.equal((waited.run as { id: string }).id, run.id);

    const read = await client.readResource({ uri: `torale://tasks/${created.id}` });
    assert.equal(JSON.parse((read.contents[0] as { text: string }).text).id, created.id);

    // What this generation lacks: refused with the CLI's reason, nothing sent.
    const [args, reason] = generation === "classic"
      ? [
        { tool: "share_task", task: created.id },
        /^Error: `torale task share` needs the current Torale API; .* speaks the classic one/,
      ]
      : [
        { tool: "create_task", query: "q", condition: "c", schedule: "0 9 * * *" },
        /^Error: --schedule is not supported by the current Torale API at .*; nothing was sent/,
      ];
    const { tool, ...rest } = args;
    const refused = await callTool(client, tool, rest);
    assert.equal(refused.isError, true, textOf(refused));
    assert.match(textOf(refused), reason);

    assert.equal(data(await callTool(client, "delete_task", { task: created.id })).deleted, true);
    const gone = await callTool(client, "get_task", { task: created.id });
    assert.equal(gone.isError, true);
    assert.equal(data(await callTool(client, "list_tasks")).total, 0);

    const status = await server.stop();
    assertCleanHttp(server.bytes, status, t.key);
    // The recording saw the protocol itself: heads (the token sent), the tool calls and their
    // streamed answers.
    const all = server.bytes.http.join("\n");
    assert.ok(all.includes(`authorization: Bearer ${server.token}`), "request heads recorded");
    assert.match(all, /"method":"tools\/call"/);
    assert.match(all, /Rust 2\.0 is out/);
  });
}

Deno.test("mcp http: the real command answers 401 without its token and 403 to a foreign Origin", async () => {
  await using t = await startTestApi({ generation: "current" });
  const env = { HOME: await tempHome(), TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
  await using server = await startMcpHttp([], env);
  const post = (headers: Record<string, string>) =>
    fetch(server.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        ...headers,
      },
      body: INITIALIZE,
    });

  const bearer = { authorization: `Bearer ${server.token}` };
  for (
    const [headers, status, message] of [
      [{}, 401, /^Unauthorized/],
      [{ authorization: `Bearer ${server.token}x` }, 401, /^Unauthorized/],
      [{ authorization: `Bearer ${t.key}` }, 401, /^Unauthorized/],
      [{ ...bearer, origin: "http://evil.example.com" }, 403, /^Forbidden/],
      [{ ...bearer, origin: "https://127.0.0.1:1" }, 403, /^Forbidden/],
    ] as const
  ) {
    const response = await post(headers);
    assert.equal(response.status, status, JSON.stringify(headers));
    const body = await response.json();
    assert.match(body.error.message, message);
    if (status === 401) {
      assert.match(response.headers.get("www-authenticate") ?? "", /^Bearer/);
    }
  }
  // The same request with the token and a same-origin Origin is served.
  const origin = new URL(server.url).origin;
  const served = await post({ ...bearer, origin });
  assert.equal(served.status, 200);
  assert.ok(served.headers.get("mcp-session-id"), "a session was opened");
  await served.body?.cancel();

  const status = await server.stop();
  assert.deepEqual([status.code, status.signal], [130, null]);
  assert.ok(!server.bytes.stderr.includes(t.key), "the API key appeared on stderr");
});
