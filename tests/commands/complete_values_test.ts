/**
 * What Tab offers after a command: task ids (looked up with the user's key),
 * config keys and values, shells, enum flag values. A lookup that cannot
 * succeed offers nothing, silently and quickly.
 */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { type CliResult, commandLine, runInProcess, runWithKey, tempHome } from "../helpers/cli.ts";
import { json, stubFetch } from "../helpers/fetch_stub.ts";
import { refusedUrl } from "../helpers/net.ts";
import { createTask } from "../helpers/tasks.ts";
import { commandsOf, subtree, wholeTree } from "../helpers/tree.ts";

/** The lines `torale __complete_with_descriptions <words>` printed. */
function lines(result: CliResult): string[] {
  assert.equal(result.code, 0);
  assert.equal(result.stderr, "");
  return result.stdout.split("\n").filter(Boolean);
}

/**
 * The task commands whose positional is a task id, and the other words for them (`rm`): every
 * one of them, from the tree.
 */
async function taskIdVerbs(): Promise<string[]> {
  const task = subtree(await wholeTree(), ["task"]);
  const verbs = commandsOf(task).filter(({ node }) => {
    const positional = node.parameters.positional;
    const first = positional?.kind === "tuple" ? positional.parameters[0] : positional?.parameter;
    return first?.placeholder === "id";
  }).map(({ words }) => words[0]);
  const aliases = Object.entries(task.aliases ?? {}).filter(([, verb]) => verbs.includes(verb));
  return [...verbs, ...aliases.map(([alias]) => alias)];
}

Deno.test("task verbs complete task ids, described by the task's name", async (t) => {
  await using api = await startTestApi();
  const alpha = await createTask(api, ["-n", "Alpha watch"]);
  const beta = await createTask(api, ["-n", "Beta watch"]);
  const described = [`${alpha.id}\tAlpha watch`, `${beta.id}\tBeta watch`].sort();
  const verbs = await taskIdVerbs();
  assert(verbs.includes("get") && verbs.includes("rm"), verbs.join(" "));
  for (const verb of verbs) {
    const words = ["__complete_with_descriptions", "task", verb, ""];
    await t.step(commandLine(words), async () => {
      const offered = lines(await runWithKey(api, words)).filter((line) => !line.startsWith("-"));
      assert.deepEqual(offered.sort(), described);
    });
  }
  const cases: [string, string[], string[]][] = [
    ["bash asks for bare ids", ["__complete", "task", "get", ""], [alpha.id, beta.id]],
    ["a typed prefix narrows the ids", [
      "__complete_with_descriptions",
      "task",
      "get",
      alpha.id.slice(0, 8),
    ], [`${alpha.id}\tAlpha watch`]],
    ["ids already on the line are not offered again", [
      "__complete",
      "task",
      "delete",
      alpha.id,
      "",
    ], [beta.id]],
    ["after an id the positional is full: nothing more", [
      "__complete",
      "task",
      "get",
      alpha.id,
      "",
    ], []],
  ];
  for (const [name, words, expected] of cases) {
    await t.step(name, async () => {
      const offered = lines(await runWithKey(api, words)).filter((line) => !line.startsWith("-"));
      assert.deepEqual(offered.sort(), expected.sort());
    });
  }
  await t.step("--api-key and --api-url on the line are used, and never printed", async () => {
    const words = ["__complete", "--api-url", api.url, "task", "get", "--api-key", api.key, ""];
    const result = await runInProcess(words, { home: await tempHome(), secrets: [api.key] });
    assert.deepEqual(lines(result).sort(), [alpha.id, beta.id].sort());
  });
  await t.step("--debug traces nothing while completing", async () => {
    const result = await runWithKey(api, ["__complete", "--debug", "task", "get", ""]);
    assert.deepEqual(lines(result).sort(), [alpha.id, beta.id].sort());
  });
});

Deno.test("config keys, their choices, shells and enum flags complete", async (t) => {
  const home = await tempHome();
  const keys = [
    "api_key\tthe API key (sk_...), stored 0600",
    "api_url\tthe API base URL",
    "api_generation\tthe API generation: classic, current, or auto (one GET /health when needed)",
    "output_format\tdefault output: table, json, yaml",
    "timeout\trequest timeout in seconds, or a duration such as 10s or 2m",
  ];
  const cases: [string[], string[]][] = [
    // `config` alone runs `config list`; Tab still offers its commands.
    [["config", "s"], ["set\tValidate and save a setting"]],
    [["config", "get", ""], keys],
    [["config", "set", ""], keys],
    [["config", "unset", ""], keys],
    [["config", "set", "api_"], keys.slice(0, 3)],
    [["config", "set", "output_format", ""], ["table", "json", "yaml"]],
    [["config", "set", "api_generation", ""], ["auto", "classic", "current"]],
    [["config", "set", "api_generation", "c"], ["classic", "current"]],
    [["config", "set", "timeout", ""], []],
    [["config", "set", "no_such_key", ""], []],
    [["completions", ""], ["bash", "zsh", "fish"]],
    [["task", "logs", "--status", ""], ["success", "failed", "running", "pending"]],
    [["task", "create", "--notify-behavior", "t"], ["track_state"]],
    [["task", "update", "x", "--notify-behavior", ""], ["once", "always", "track_state"]],
    [["api", "-X", ""], ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]],
    [["api", "/x", "--method", "P"], ["POST", "PUT", "PATCH"]],
    [["api", "-X", "p"], ["post", "put", "patch"]],
  ];
  for (const [words, expected] of cases) {
    const args = ["__complete_with_descriptions", ...words];
    await t.step(commandLine(args), async () => {
      assert.deepEqual(lines(await runInProcess(args, { home })), expected);
    });
  }
});

Deno.test("a task id lookup that cannot succeed offers nothing, says nothing and exits 0", async (t) => {
  const key = `sk_${"k".repeat(43)}`;
  const refused = refusedUrl();
  const words = ["__complete_with_descriptions", "task", "get", ""];
  const brokenHome = await tempHome();
  await Deno.mkdir(`${brokenHome}/.torale`, { mode: 0o700 });
  await Deno.writeTextFile(`${brokenHome}/.torale/config.json`, "{ not json", { mode: 0o600 });
  const cases: [string, { home?: string; env: Record<string, string>; fetch?: typeof fetch }][] = [
    ["no key configured", { env: {} }],
    ["a key that is not a key", { env: { TORALE_API_KEY: "sk_short" } }],
    ["an API that refuses connections", {
      env: { TORALE_API_KEY: key, TORALE_API_URL: refused },
    }],
    ["an unreadable config file", { home: brokenHome, env: {} }],
    ["an API that rejects the key", {
      env: { TORALE_API_KEY: key, TORALE_API_URL: "http://127.0.0.1:9" },
      fetch: stubFetch([{
        method: "GET",
        path: "/api/v1/tasks/",
        respond: () => json(401, { detail: "Invalid API key" }),
      }]).fetch,
    }],
    ["an answer that is not a task list", {
      env: { TORALE_API_KEY: key, TORALE_API_URL: "http://127.0.0.1:9" },
      fetch: () => Promise.resolve(new Response("<html>login</html>", { status: 200 })),
    }],
  ];
  for (const [name, { home, env, fetch }] of cases) {
    await t.step(name, async () => {
      const result = await runInProcess(words, {
        home: home ?? await tempHome(),
        env,
        fetch,
        secrets: [key],
      });
      assert.deepEqual(result, { code: 0, stdout: "", stderr: "" });
    });
  }
  await t.step("an API that never answers: given up after about 2 s", async () => {
    const { promise: released, resolve: release } = Promise.withResolvers<void>();
    const silent = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
      await released;
      return new Response("late");
    });
    try {
      const started = Date.now();
      const result = await runInProcess(words, {
        home: await tempHome(),
        env: { TORALE_API_KEY: key, TORALE_API_URL: `http://127.0.0.1:${silent.addr.port}` },
        secrets: [key],
      });
      const elapsed = Date.now() - started;
      assert.deepEqual(result, { code: 0, stdout: "", stderr: "" });
      assert(elapsed >= 1500 && elapsed < 4000, `took ${elapsed} ms`);
    } finally {
      release();
      await silent.shutdown();
    }
  });
});

Deno.test("task names from the server are cleaned, flattened and masked in descriptions", async () => {
  const key = `sk_${"k".repeat(43)}`;
  const planted = `sk_${"p".repeat(43)}`;
  const id = "0b7e6a4c-1111-4222-8333-944445555666";
  const stub = stubFetch([{
    method: "GET",
    path: "/api/v1/tasks/",
    respond: () =>
      json(200, [
        { id, name: `\x1b]52;c;ZXZpbA==\x07Evil\tname\nnext ${planted}` },
        { id: "has space", name: "dropped" },
        { id: "tab\there", name: "dropped" },
        { id: 42, name: "dropped" },
        { id: "0b7e6a4c-2222", name: null },
      ]),
  }]);
  const result = await runInProcess(["__complete_with_descriptions", "task", "get", ""], {
    home: await tempHome(),
    env: { TORALE_API_KEY: key, TORALE_API_URL: "http://127.0.0.1:9" },
    fetch: stub.fetch,
    secrets: [key, planted],
  });
  stub.assertDone();
  assert.deepEqual(lines(result), [
    `${id}\t\\e]52;c;ZXZpbA==\\x07Evil name next sk_...ppppp`,
    "0b7e6a4c-2222",
  ]);
});

Deno.test("--profile=<Tab> completes profile names after the =, as --profile <Tab> does", async () => {
  const home = await tempHome();
  const set = await runInProcess(
    ["config", "set", "--profile", "work", "api_url", "http://localhost:8000"],
    { home },
  );
  assert.equal(set.code, 0, set.stderr);
  const joined = lines(await runInProcess(["__complete", "task", "list", "--profile=w"], { home }));
  assert.deepEqual(joined, ["--profile=work"]);
  const apart = lines(
    await runInProcess(["__complete", "task", "list", "--profile", "w"], { home }),
  );
  assert.deepEqual(apart, ["work"]);
});
