/**
 * The API generation is learned once per API URL and remembered in ~/.torale/generations.json
 * (issue 23): later commands send no GET /health; pinning wins; a stale or contradicted memory
 * is asked again; a home that cannot be written still works.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startTestApi } from "../helpers/api.ts";
import { runWithKey, tempHome } from "../helpers/cli.ts";
import { createTask } from "../helpers/tasks.ts";
import { recording } from "../helpers/fetch_stub.ts";

const healthChecks = (requests: string[]) => requests.filter((r) => r === "GET /health").length;

Deno.test("the generation is asked once per API URL, then remembered 0600 in generations.json", async () => {
  await using t = await startTestApi({ generation: "current" });
  const home = await tempHome();
  const first = recording();
  const create = ["task", "create", "-q", "q", "-c", "c", "-n", "one"];
  assert.equal((await runWithKey(t, create, { home, fetch: first.fetch })).code, 0);
  assert.equal(healthChecks(first.requests), 1);
  const path = join(home, ".torale", "generations.json");
  assert.equal(JSON.parse(await Deno.readTextFile(path))[t.url].generation, "current");
  if (Deno.build.os !== "windows") assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  assert.deepEqual(
    (await Array.fromAsync(Deno.readDir(join(home, ".torale")))).map((e) => e.name),
    ["generations.json"],
    "no lock or temporary file is left behind",
  );
  const second = recording();
  const again = ["task", "create", "-q", "q", "-c", "c", "-n", "two"];
  assert.equal((await runWithKey(t, again, { home, fetch: second.fetch })).code, 0);
  assert.deepEqual(second.requests, ["GET /api/v1/tasks/", "POST /api/v1/tasks/"]);
});

Deno.test("a pinned generation beats the remembered one and asks nothing", async () => {
  await using t = await startTestApi({ generation: "classic" });
  const home = await tempHome();
  await Deno.mkdir(join(home, ".torale"), { recursive: true });
  const memory = { [t.url]: { generation: "classic", at: Date.now() } };
  await Deno.writeTextFile(join(home, ".torale", "generations.json"), JSON.stringify(memory));
  const rec = recording();
  const result = await runWithKey(t, ["task", "create", "-q", "q", "-c", "c", "-s", "0 9 * * *"], {
    home,
    fetch: rec.fetch,
    env: { TORALE_API_GENERATION: "current" },
  });
  assert.equal(result.code, 2, "the pin (current) refuses --schedule");
  assert.match(result.stderr, /--schedule is not supported by the current Torale API/);
  assert.deepEqual(rec.requests, []);
});

Deno.test("a memory older than a day is asked again", async () => {
  await using t = await startTestApi({ generation: "classic" });
  const home = await tempHome();
  await Deno.mkdir(join(home, ".torale"), { recursive: true });
  const stale = { [t.url]: { generation: "current", at: Date.now() - 25 * 3600 * 1000 } };
  await Deno.writeTextFile(join(home, ".torale", "generations.json"), JSON.stringify(stale));
  const rec = recording();
  const result = await runWithKey(t, ["task", "create", "-q", "q", "-c", "c", "-s", "0 9 * * *"], {
    home,
    fetch: rec.fetch,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(rec.requests, ["GET /health", "POST /api/v1/tasks/"]);
});

Deno.test("an answer of the other generation makes the memory be forgotten and asked again", async () => {
  await using t = await startTestApi({ generation: "classic" });
  const task = await createTask(t);
  const home = await tempHome();
  await Deno.mkdir(join(home, ".torale"), { recursive: true });
  const path = join(home, ".torale", "generations.json");
  await Deno.writeTextFile(
    path,
    JSON.stringify({ [t.url]: { generation: "current", at: Date.now() } }),
  );
  const result = await runWithKey(t, ["task", "update", task.id, "--name", "renamed"], { home });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /no longer answers as the current API remembered for it/);
  assert.equal(JSON.parse(await Deno.readTextFile(path))[t.url], undefined);
  const rec = recording();
  const next = await runWithKey(t, ["task", "update", task.id, "--name", "again"], {
    home,
    fetch: rec.fetch,
  });
  assert.equal(next.code, 0, next.stderr);
  assert.equal(healthChecks(rec.requests), 1);
  assert.equal(JSON.parse(await Deno.readTextFile(path))[t.url].generation, "classic");
});

Deno.test("a home where nothing can be remembered still works, asking each time", async () => {
  await using t = await startTestApi({ generation: "current" });
  const home = await tempHome();
  // generations.json a directory: nothing can be written there, as in a read-only home.
  await Deno.mkdir(join(home, ".torale", "generations.json"), { recursive: true });
  for (const name of ["one", "two"]) {
    const rec = recording();
    const result = await runWithKey(t, ["task", "create", "-q", "q", "-c", "c", "-n", name], {
      home,
      fetch: rec.fetch,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(healthChecks(rec.requests), 1);
  }
});
