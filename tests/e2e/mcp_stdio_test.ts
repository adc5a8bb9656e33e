/**
 * `torale mcp serve` over stdio, driven by the MCP SDK's own client against the local API, on
 * both generations: the tools and their annotations, a task's life (create → get → run → wait →
 * runs → delete), what each generation refuses, resources, and the key in no byte exchanged;
 * stdout carries JSON-RPC and nothing else. Its own failures and Ctrl-C end it as any command
 * ends (tests/e2e/bundle_test.ts runs this suite against the release bundle, where the server
 * is a bundle of its own that tells its failures itself).
 */
import assert from "node:assert/strict";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startTestApi } from "../helpers/api.ts";
import { runSubprocess, tempHome } from "../helpers/cli.ts";
import { assertClean, data, startMcp, textOf, type ToolInfo } from "../helpers/mcp.ts";

const MET = {
  answer: "Rust 2.0 is out",
  condition_met: true,
  sources: [{ url: "https://x.example/a", title: "Rust blog" }],
};

for (const generation of ["current", "classic"] as const) {
  Deno.test(`mcp (${generation}): a task's life over stdio, with the key in no byte exchanged`, async () => {
    await using t = await startTestApi({ generation, results: { "rust 2.0 release": MET } });
    const env = { HOME: await tempHome(), TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
    await using mcp = await startMcp([], env);
    const { client } = mcp;
    assert.equal(client.getServerVersion()?.name, "torale");

    const tools = (await client.listTools()).tools as ToolInfo[];
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    for (
      const name of [
        "list_tasks",
        "get_task",
        "create_task",
        "update_task",
        "pause_task",
        "resume_task",
        "delete_task",
        "run_task",
        "task_runs",
        "wait_for_task",
        "list_templates",
        "create_from_template",
        "get_webhook_config",
        "list_notifications",
        "share_task",
        "fork_task",
      ]
    ) {
      const tool = byName.get(name);
      assert.ok(tool, `tool ${name}`);
      assert.ok(tool.description && tool.description.length > 20, `${name} is described`);
      assert.ok(tool.outputSchema, `${name} has an output schema`);
    }
    assert.equal(byName.get("list_tasks")!.annotations?.readOnlyHint, true);
    assert.equal(byName.get("delete_task")!.annotations?.destructiveHint, true);
    assert.equal(byName.get("create_task")!.annotations?.readOnlyHint, false);
    assert.equal(byName.get("create_task")!.annotations?.idempotentHint, false);
    assert.equal(byName.get("pause_task")!.annotations?.idempotentHint, true);

    const call = (name: string, args: Record<string, unknown> = {}) =>
      client.callTool({ name, arguments: args });
    const created = data(
      await call("create_task", {
        query: "Rust 2.0 release",
        condition: "Released",
        name: "Rust 2.0",
      }),
    ).task as { id: string; name: string };
    assert.equal(created.name, "Rust 2.0");

    // By unique prefix and by exact name, as well as by id.
    const got = data(await call("get_task", { task: created.id.slice(0, 8) }));
    assert.equal((got.task as { id: string }).id, created.id);
    assert.equal(
      (data(await call("get_task", { task: "Rust 2.0" })).task as { id: string }).id,
      created.id,
    );

    const listed = data(await call("list_tasks", { name_contains: "rust" }));
    assert.equal(listed.total, 1);

    const ran = data(await call("run_task", { task: created.id, wait_seconds: 30 }));
    assert.equal(ran.outcome, "finished");
    const run = ran.run as { id: string; met: boolean; answer: string; status: string };
    assert.equal(run.status, "success");
    assert.equal(run.met, true);
    assert.equal(run.answer, "Rust 2.0 is out");

    // That run met the condition: a met-wait ends at once with it.
    const waited = data(await call("wait_for_task", { task: created.id, timeout: 5 }));
    assert.equal(waited.outcome, "met");
    assert.equal((waited.run as { id: string }).id, run.id);

    const runs = data(await call("task_runs", { task: created.id }));
    const listedRuns = runs.runs as { id: string; grounding_sources: { url: string }[] }[];
    assert.equal(listedRuns[0].id, run.id);
    assert.equal(listedRuns[0].grounding_sources[0].url, "https://x.example/a");

    // Resources: the task and its runs, listed and readable.
    const { resources } = await client.listResources();
    const uris = (resources as { uri: string }[]).map((resource) => resource.uri);
    assert.ok(uris.includes(`torale://tasks/${created.id}`));
    assert.ok(uris.includes(`torale://tasks/${created.id}/runs`));
    const read = await client.readResource({ uri: `torale://tasks/${created.id}/runs` });
    const body = JSON.parse((read.contents[0] as { text: string }).text);
    assert.equal(body.runs[0].id, run.id);
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.deepEqual(
      (resourceTemplates as { uriTemplate: string }[]).map((template) => template.uriTemplate)
        .sort(),
      ["torale://tasks/{id}", "torale://tasks/{id}/runs"],
    );

    assert.equal(data(await call("delete_task", { task: created.id })).deleted, true);
    const gone = await call("get_task", { task: created.id }) as CallToolResult;
    assert.equal(gone.isError, true);
    assert.match(textOf(gone), /^Error: Task not found: "/);

    assert.equal(await mcp.close(), 0, "the server exits 0 when stdin closes");
    assertClean(mcp.bytes, t.key);
  });

  Deno.test(`mcp (${generation}): what the generation lacks is an isError answer with the CLI's reason`, async () => {
    await using t = await startTestApi({ generation });
    const env = { HOME: await tempHome(), TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
    await using mcp = await startMcp([], env);
    const call = (name: string, args: Record<string, unknown>) =>
      mcp.client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
    const refusals = generation === "classic"
      ? [
        [
          await call("create_task", { query: "q", condition: "c", context: { action: "x" } }),
          /^Error: A task context is not supported by the classic Torale API at .*; nothing was sent/,
        ],
        [
          await call("share_task", { task: "00000000-0000-4000-8000-000000000000" }),
          /^Error: `torale task share` needs the current Torale API; .* speaks the classic one/,
        ],
        [
          await call("fork_task", { task: "00000000-0000-4000-8000-000000000000" }),
          /^Error: `torale task fork` needs the current Torale API/,
        ],
      ] as const
      : [
        [
          await call("create_task", { query: "q", condition: "c", schedule: "0 9 * * *" }),
          /^Error: --schedule is not supported by the current Torale API at .*; nothing was sent/,
        ],
        [
          await call("create_task", { query: "q", condition: "c", notify_behavior: "always" }),
          /^Error: --notify-behavior is not supported by the current Torale API/,
        ],
        [
          await call("run_task", {
            task: "00000000-0000-4000-8000-000000000000",
            suppress_notifications: true,
          }),
          /^Error: --suppress-notifications is not supported by the current Torale API/,
        ],
      ] as const;
    for (const [result, reason] of refusals) {
      assert.equal(result.isError, true, textOf(result));
      assert.match(textOf(result), reason);
    }
    // Refused before anything was sent: no task was made.
    const listed = await mcp.client.callTool({ name: "list_tasks", arguments: {} });
    assert.equal(data(listed).total, 0);
    await mcp.close();
    assertClean(mcp.bytes, t.key);
  });
}

Deno.test("mcp: Ctrl-C ends the stdio server with exit 130 and the usual line", async () => {
  await using t = await startTestApi({ generation: "current" });
  const env = { HOME: await tempHome(), TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
  await using mcp = await startMcp([], env);
  assert.equal(data(await mcp.client.callTool({ name: "list_tasks", arguments: {} })).total, 0);
  const ended = await mcp.kill("SIGINT");
  // Heard and handled (not killed by the signal): exit 130, as every command's Ctrl-C.
  assert.deepEqual([ended.code, ended.signal], [130, null]);
  assert.match(mcp.bytes.stderr, /\nError: Interrupted\n$/);
  assert.doesNotMatch(mcp.bytes.stderr, /Unexpected|bug in torale/);
  assertClean(mcp.bytes, t.key);
});

Deno.test("mcp serve's own failures print as any command's: the Error line, its hints, its exit code", async () => {
  const home = await tempHome();
  assert.deepEqual(await runSubprocess(["mcp", "serve", "--http", "0.0.0.0:8787"], { home }), {
    code: 2,
    stdout: "",
    stderr:
      'Error: --http listens on this machine only (127.0.0.1, localhost or [::1]); "0.0.0.0" is not one\n' +
      "An agent elsewhere should run its own torale; or use stdio (leave --http out).\n",
  });
  const profile = await runSubprocess(["mcp", "serve", "--profile", "nosuch"], { home });
  assert.equal(profile.code, 2);
  assert.match(profile.stderr, /^Error: Unknown profile "nosuch"\n(.+\n)*Create it with: /);
  // --debug adds the stack trace after the same lines.
  const debug = await runSubprocess(["mcp", "serve", "--http", "web", "--debug"], { home });
  assert.equal(debug.code, 2);
  assert.match(
    debug.stderr,
    /^Error: Invalid --http "web": expected \[host:\]port, e\.g\. 8787\n\n\S/,
  );
  for (const result of [profile, debug]) {
    assert.equal(result.stdout, "");
    assert.doesNotMatch(result.stderr, /Unexpected failure|bug in torale/);
  }
});
