/**
 * `--connector` on `task create` and `task update`, `--no-connectors`, and the Connectors line
 * of `task get`, against the local API: only ACTIVE connections are sent (one extra request
 * checks them), the classic API refuses before anything is sent.
 */
import assert from "node:assert/strict";
import { startTestApi, type TestApi } from "../helpers/api.ts";
import { runWithKey } from "../helpers/cli.ts";
import { connectActive } from "../helpers/connectors.ts";
import { recording } from "../helpers/fetch_stub.ts";
import { apiTasks, createTask } from "../helpers/tasks.ts";

async function currentWithNotion(): Promise<TestApi> {
  const api = await startTestApi({ generation: "current" });
  await connectActive(api, "notion");
  return api;
}

Deno.test("task create --connector sends attached_connector_slugs (each once) after one check of the connections", async () => {
  await using api = await currentWithNotion();
  await connectActive(api, "github");
  const seen = recording();
  const task = await runWithKey(api, [
    "task",
    "create",
    "-q",
    "Roadmap dates",
    "-c",
    "A date moved",
    "--connector",
    "github",
    "--connector",
    "notion",
    "--connector",
    "github",
    "--json",
  ], { fetch: seen.fetch });
  assert.equal(task.code, 0, task.stderr);
  assert.deepEqual(JSON.parse(task.stdout).attached_connector_slugs, ["github", "notion"]);
  assert.deepEqual(seen.requests.filter((r) => r.includes("connectors")), [
    "GET /api/v1/connectors",
  ]);
  const [stored] = await apiTasks(api);
  assert.deepEqual(stored.attached_connector_slugs, ["github", "notion"]);
});

Deno.test("task create without --connector sends no connectors and asks nothing about them", async () => {
  await using api = await currentWithNotion();
  const seen = recording();
  const result = await runWithKey(api, ["task", "create", "-q", "q", "-c", "c"], {
    fetch: seen.fetch,
  });
  assert.equal(result.code, 0, result.stderr);
  assert(!seen.requests.some((r) => r.includes("connectors")), seen.requests.join("\n"));
});

Deno.test("a connector that is not an ACTIVE connection is refused before any write, naming connectors connect", async (t) => {
  await using api = await currentWithNotion();
  await runWithKey(api, ["connectors", "connect", "linear", "--no-wait"]);
  await t.step("create: exit 1, no task", async () => {
    const result = await runWithKey(api, [
      "task",
      "create",
      "-q",
      "q",
      "-c",
      "c",
      "--connector",
      "linear",
      "--connector",
      "github",
    ]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^Error: Connectors "linear", "github" are not active connections of your account; nothing was sent\nConnect it first: torale connectors connect linear\nConnect it first: torale connectors connect github\n/,
    );
    assert.deepEqual(await apiTasks(api), []);
  });
  await t.step("update: exit 1, the task unchanged", async () => {
    const task = await createTask(api, ["--connector", "notion"]);
    const result = await runWithKey(api, ["task", "update", task.id, "--connector", "linear"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Connector "linear" is not an active connection/);
    assert.match(result.stderr, /torale connectors connect linear/);
    const [stored] = await apiTasks(api);
    assert.deepEqual(stored.attached_connector_slugs, ["notion"]);
  });
  await t.step("a slug that cannot be one: exit 2 before any request", async () => {
    const seen = recording();
    const result = await runWithKey(api, [
      "task",
      "create",
      "-q",
      "q",
      "-c",
      "c",
      "--connector",
      "Notion",
    ], {
      fetch: seen.fetch,
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Invalid connector "Notion"/);
    assert.deepEqual(seen.requests, []);
  });
});

Deno.test("task update --connector replaces the list; --no-connectors empties it; both at once is exit 2", async (t) => {
  await using api = await currentWithNotion();
  await connectActive(api, "github");
  const task = await createTask(api, ["--connector", "notion"]);
  const slugs = async () => (await apiTasks(api))[0].attached_connector_slugs;
  await t.step("--connector github: [github]", async () => {
    const result = await runWithKey(api, ["task", "update", task.id, "--connector", "github"]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await slugs(), ["github"]);
  });
  await t.step("--no-connectors: []", async () => {
    const seen = recording();
    const result = await runWithKey(api, ["task", "update", task.id, "--no-connectors"], {
      fetch: seen.fetch,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await slugs(), []);
    // Nothing to check when nothing is attached.
    assert(!seen.requests.includes("GET /api/v1/connectors"));
  });
  await t.step("both: exit 2", async () => {
    const result = await runWithKey(api, [
      "task",
      "update",
      task.id,
      "--connector",
      "github",
      "--no-connectors",
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Use either --connector or --no-connectors, not both/);
  });
  await t.step("an empty --connector: exit 2, pointing at --no-connectors", async () => {
    const result = await runWithKey(api, ["task", "update", task.id, "--connector", ""]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /To detach every connector use --no-connectors/);
  });
});

Deno.test("task get shows the attached connectors, and no such line when there are none", async () => {
  await using api = await currentWithNotion();
  const plain = await createTask(api);
  const withOne = await runWithKey(api, [
    "task",
    "create",
    "-q",
    "Roadmap",
    "-c",
    "Moved",
    "--connector",
    "notion",
    "--json",
  ]);
  const attached = JSON.parse(withOne.stdout);
  const shown = await runWithKey(api, ["task", "get", attached.id]);
  assert.match(shown.stdout, /\nConnectors: +notion\n/);
  const none = await runWithKey(api, ["task", "get", plain.id]);
  assert.equal(none.code, 0, none.stderr);
  assert.doesNotMatch(none.stdout, /Connectors/);
});

Deno.test("on the classic API --connector and --no-connectors are refused with exit 2, nothing sent", async (t) => {
  await using api = await startTestApi();
  const task = await createTask(api);
  for (
    const args of [
      ["task", "create", "-q", "q", "-c", "c", "--connector", "notion"],
      ["task", "update", task.id, "--connector", "notion"],
      ["task", "update", task.id, "--no-connectors"],
    ]
  ) {
    await t.step(args.slice(0, 2).join(" ") + " " + args.at(-1), async () => {
      const seen = recording();
      const result = await runWithKey(api, args, { fetch: seen.fetch });
      assert.equal(result.code, 2, result.stderr);
      assert.match(
        result.stderr,
        /^Error: Connectors are not supported by the classic Torale API at http:\/\/127\.0\.0\.1:\d+; nothing was sent/,
      );
      assert(!seen.requests.some((r) => /^(POST|PUT)/.test(r)), seen.requests.join("\n"));
    });
  }
});
