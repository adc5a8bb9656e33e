/**
 * `connectors:` in the monitors file: export writes it only when a task has some, a round
 * trip plans nothing, plan shows changes to it (as a set) and checks the slugs against the
 * account's active connections, apply sends it, and the classic API refuses a file with it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startTestApi, type TestApi } from "../helpers/api.ts";
import { runWithKey } from "../helpers/cli.ts";
import { connectActive } from "../helpers/connectors.ts";
import { recording } from "../helpers/fetch_stub.ts";
import { apiTasks } from "../helpers/tasks.ts";

async function tempFile(text: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "torale-monitors-" });
  const path = join(dir, "torale.yaml");
  await Deno.writeTextFile(path, text);
  return path;
}

async function ok(t: TestApi, args: string[]) {
  const result = await runWithKey(t, args);
  assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
  return result;
}

/** A current API with notion and github connected, and two tasks: one using them, one not. */
async function world(): Promise<TestApi> {
  const t = await startTestApi({ generation: "current" });
  await connectActive(t, "notion");
  await connectActive(t, "github");
  await ok(t, ["task", "create", "-q", "Roadmap", "-c", "Moved", "-n", "Roadmap"]);
  await ok(t, [
    "task",
    "create",
    "-q",
    "Issues",
    "-c",
    "Closed",
    "-n",
    "Issues",
    "--connector",
    "github",
    "--connector",
    "notion",
  ]);
  return t;
}

Deno.test("export writes connectors only for a task that has some; the round trip plans nothing", async () => {
  await using t = await world();
  const text = (await ok(t, ["export"])).stdout;
  assert.match(
    text,
    /Issues:\n {4}query: Issues\n {4}condition: Closed\n {4}state: active\n {4}connectors:\n {6}- github\n {6}- notion\n/,
  );
  assert.match(text, /Roadmap:\n {4}query: Roadmap\n {4}condition: Moved\n {4}state: active\n$/);
  const file = await tempFile(text);
  const seen = recording();
  const plan = await runWithKey(t, ["plan", "-f", file, "--detailed-exitcode"], {
    fetch: seen.fetch,
  });
  assert.equal(plan.code, 0, plan.stderr + plan.stdout);
  assert.match(plan.stdout, /^No changes/);
  // The file names connectors: one list of the connections, to check them.
  assert.equal(seen.requests.filter((r) => r === "GET /api/v1/connectors").length, 1);
});

Deno.test("plan shows a change to connectors (order aside), apply sends it, and a left-out list detaches them", async (t) => {
  await using api = await world();
  const head = "version: 1\ntasks:\n";
  await t.step("reordered: no change", async () => {
    const file = await tempFile(
      `${head}  Issues:\n    query: Issues\n    condition: Closed\n    connectors: [notion, github]\n  Roadmap:\n    query: Roadmap\n    condition: Moved\n`,
    );
    const plan = await ok(api, ["plan", "-f", file]);
    assert.match(plan.stdout, /^No changes/);
  });
  const file = await tempFile(
    `${head}  Issues:\n    query: Issues\n    condition: Closed\n  Roadmap:\n    query: Roadmap\n    condition: Moved\n    connectors: [notion]\n  New:\n    query: New\n    condition: Made\n    connectors: [github]\n`,
  );
  await t.step("plan: one create with connectors, two updates", async () => {
    const plan = await ok(api, ["plan", "-f", file, "--json"]);
    const changes = JSON.parse(plan.stdout).changes;
    assert.deepEqual(
      changes.map((c: { action: string; name: string; fields: unknown[] }) => [
        c.action,
        c.name,
        c.fields.filter((f) => (f as { field: string }).field === "connectors"),
      ]),
      [
        ["create", "New", [{ field: "connectors", from: null, to: ["github"] }]],
        ["update", "Issues", [{ field: "connectors", from: ["github", "notion"], to: null }]],
        ["update", "Roadmap", [{ field: "connectors", from: null, to: ["notion"] }]],
      ],
    );
    const human = await ok(api, ["plan", "-f", file]);
    assert.match(
      human.stdout,
      /~ update "Issues" \(\w{8}\)\n {4}connectors: \["github","notion"\] → \(none\)/,
    );
  });
  await t.step(
    "apply: the server holds what the file says; the connections listed once",
    async () => {
      const seen = recording();
      const apply = await runWithKey(api, ["apply", "-f", file, "--yes"], { fetch: seen.fetch });
      assert.equal(apply.code, 0, apply.stderr);
      // The plan's check serves every write: no create or update lists them again.
      assert.equal(seen.requests.filter((r) => r === "GET /api/v1/connectors").length, 1);
      const slugs = Object.fromEntries(
        (await apiTasks(api)).map((task) => [task.name, task.attached_connector_slugs]),
      );
      assert.deepEqual(slugs, { Issues: [], Roadmap: ["notion"], New: ["github"] });
      const again = await ok(api, ["plan", "-f", file]);
      assert.match(again.stdout, /^No changes/);
    },
  );
});

Deno.test("plan refuses a connector a change would send that is not ACTIVE; one no change sends is a warning", async (t) => {
  await using api = await world();
  await t.step("sent: exit 1 naming connectors connect", async () => {
    const file = await tempFile(
      "version: 1\ntasks:\n  Roadmap:\n    query: Roadmap\n    condition: Moved\n    connectors: [linear]\n",
    );
    const plan = await runWithKey(api, ["plan", "-f", file]);
    assert.equal(plan.code, 1, plan.stderr);
    assert.match(plan.stderr, /Connector "linear" is not an active connection/);
    assert.match(plan.stderr, /torale connectors connect linear/);
    const seen = recording();
    const apply = await runWithKey(api, ["apply", "-f", file, "--yes"], { fetch: seen.fetch });
    assert.equal(apply.code, 1);
    assert(!seen.requests.some((r) => r.startsWith("PUT ")), seen.requests.join("\n"));
  });
  await t.step("unchanged but no longer active: a warning, exit 0", async () => {
    const file = await tempFile((await ok(api, ["export"])).stdout);
    await ok(api, ["connectors", "disconnect", "github", "--yes"]);
    const plan = await runWithKey(api, ["plan", "-f", file]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stderr, /Warning: Connector "github" is not an active connection/);
  });
});

Deno.test("connectors in a file: the classic API refuses it (exit 2); malformed lists are located errors", async (t) => {
  await t.step("classic: exit 2, nothing changed", async () => {
    await using api = await startTestApi();
    const file = await tempFile(
      "version: 1\ntasks:\n  Roadmap:\n    query: Roadmap\n    condition: Moved\n    connectors: [notion]\n",
    );
    const seen = recording();
    const result = await runWithKey(api, ["apply", "-f", file, "--yes"], { fetch: seen.fetch });
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /tasks\."Roadmap"\.connectors: the classic Torale API has no connectors; nothing was changed/,
    );
    assert(!seen.requests.some((r) => !r.startsWith("GET ")), seen.requests.join("\n"));
  });
  await using api = await startTestApi({ generation: "current" });
  const cases: [string, string, RegExp][] = [
    ["not a list", "connectors: notion", /:6:17: tasks\."T"\.connectors: must be a list/],
    ["twice", "connectors: [notion, notion]", /:6:26: .*"notion" is listed twice/],
    ["not a slug", "connectors: [Notion]", /:6:18: .*"Notion" is not a toolkit slug/],
    ["not text", "connectors: [1]", /:6:18: .*each item must be a string/],
  ];
  for (const [name, line, message] of cases) {
    await t.step(name, async () => {
      const file = await tempFile(
        `version: 1\ntasks:\n  T:\n    query: q\n    condition: c\n    ${line}\n`,
      );
      const seen = recording();
      const result = await runWithKey(api, ["plan", "-f", file], { fetch: seen.fetch });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.deepEqual(seen.requests, []);
    });
  }
});
