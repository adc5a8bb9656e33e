/**
 * Monitors as code (`export`, `plan`, `apply`) against both generations of the local API:
 * a round trip is a no-op, every kind of change is planned and applied, prune, a failure
 * in the middle, and located file errors with no request sent.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startTestApi, type TestApi } from "../helpers/api.ts";
import { runWithKey } from "../helpers/cli.ts";
import { serverFault } from "../helpers/fetch_stub.ts";

const GENERATIONS = ["classic", "current"] as const;

/** A fetch that records every request's method and path, then sends it. */
function recording() {
  const requests: string[] = [];
  const fetcher: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    requests.push(`${request.method} ${new URL(request.url).pathname}`);
    return fetch(request);
  };
  const writes = () => requests.filter((r) => !r.startsWith("GET "));
  return { fetch: fetcher, requests, writes };
}

async function create(t: TestApi, name: string, extra: string[] = []) {
  const result = await runWithKey(t, [
    "task",
    "create",
    "-q",
    `${name} query`,
    "-c",
    `${name} condition`,
    "-n",
    name,
    ...extra,
  ]);
  assert.equal(result.code, 0, result.stderr);
}

async function tempFile(text: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "torale-monitors-" });
  const path = join(dir, "torale.yaml");
  await Deno.writeTextFile(path, text);
  return path;
}

for (const generation of GENERATIONS) {
  Deno.test(`${generation}: export then plan and apply is a no-op: no request that writes`, async () => {
    await using t = await startTestApi({ generation });
    await create(t, "Beta", ["--email", "me@example.com", "--paused"]);
    await create(t, "Alpha", ["-w", "https://hooks.example.com/x"]);
    const exported = await runWithKey(t, ["export"]);
    assert.equal(exported.code, 0, exported.stderr);
    const text = exported.stdout;
    assert.match(text, /^# Torale monitors/);
    assert(text.indexOf("Alpha:") < text.indexOf("Beta:"), "names are sorted");
    assert.match(
      text,
      /Beta:\n {4}query: Beta query\n {4}condition: Beta condition\n {4}state: paused\n {4}notify:\n {6}email: me@example.com\n/,
    );
    if (generation === "classic") assert.match(text, /schedule: 0 9 \* \* \*/);
    else assert.doesNotMatch(text, /schedule/);
    // The same export twice is the same text.
    assert.equal((await runWithKey(t, ["export"])).stdout, text);
    const file = await tempFile(text);
    const plan = await runWithKey(t, ["plan", "-f", file, "--detailed-exitcode"]);
    assert.equal(plan.code, 0, plan.stderr + plan.stdout);
    assert.match(plan.stdout, /^No changes/);
    const log = recording();
    const apply = await runWithKey(t, ["apply", "-f", file, "--prune"], { fetch: log.fetch });
    assert.equal(apply.code, 0, apply.stderr);
    assert.deepEqual(log.writes(), []);
    assert(log.requests.length > 0, "it did read the tasks");
  });

  Deno.test(`${generation}: each kind of change is planned field by field, applied, then nothing is left`, async () => {
    await using t = await startTestApi({ generation });
    await create(t, "Keep");
    await create(t, "Edit");
    await create(t, "Pause me");
    await create(t, "Gone");
    const file = await tempFile(
      [
        "version: 1",
        "tasks:",
        "  Keep: {query: Keep query, condition: Keep condition}",
        "  Edit:",
        "    query: Edit query",
        "    condition: A new condition",
        "    notify: {email: ops@example.com}",
        "  Pause me: {query: Pause me query, condition: Pause me condition, state: paused}",
        "  New one:",
        "    query: What is new?",
        "    condition: Something is",
        generation === "classic" ? "    context: {team: x}" : "    schedule: 0 8 * * *",
        "",
      ].join("\n"),
    );
    const plan = await runWithKey(t, ["plan", "-f", file, "--prune", "--json"]);
    assert.equal(plan.code, 0, plan.stderr);
    const json = JSON.parse(plan.stdout);
    assert.deepEqual(
      json.changes.map((c: { action: string; name: string }) => `${c.action} ${c.name}`),
      ["create New one", "update Edit", "pause Pause me", "delete Gone"],
    );
    const edit = json.changes[1];
    assert.deepEqual(edit.fields, [
      { field: "condition", from: "Edit condition", to: "A new condition" },
      { field: "notify", from: {}, to: { email: "ops@example.com" } },
    ]);
    assert.deepEqual(json.ignored, [{
      name: "New one",
      field: generation === "classic" ? "context" : "schedule",
      reason: `the ${generation} API has no ${
        generation === "classic" ? "context" : "schedule"
      }; it is left out`,
    }]);
    assert.deepEqual(json.unchanged, ["Keep"]);
    const exit3 = await runWithKey(t, ["plan", "-f", file, "--detailed-exitcode"]);
    assert.equal(exit3.code, 3);
    assert.match(exit3.stdout, /1 to create, 1 to update, 1 to pause, 0 to resume, 0 to delete/);
    assert.match(
      exit3.stdout,
      /~ update "Edit" \(\w{8}\)\n {4}condition: "Edit condition" → "A new condition"/,
    );

    const refused = await runWithKey(t, ["apply", "-f", file]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /Refusing to apply without --yes when stdin is not a terminal/);

    const applied = await runWithKey(t, ["apply", "-f", file, "--prune", "--yes"]);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(
      applied.stdout,
      /✓ create "New one"\n✓ update "Edit" \(\w{8}\)\n✓ pause "Pause me" \(\w{8}\)\n✓ delete "Gone" \(\w{8}\)\n\nApplied 4 changes\./,
    );
    const log = recording();
    const again = await runWithKey(t, ["apply", "-f", file, "--prune", "--yes"], {
      fetch: log.fetch,
    });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(log.writes(), []);
    const list = JSON.parse((await runWithKey(t, ["task", "list", "--json"])).stdout);
    assert.deepEqual(list.map((task: { name: string }) => task.name).sort(), [
      "Edit",
      "Keep",
      "New one",
      "Pause me",
    ]);
  });

  Deno.test(`${generation}: a failure in the middle stops the apply and says what was and was not applied`, async () => {
    await using t = await startTestApi({ generation });
    await create(t, "First");
    const file = await tempFile(
      "version: 1\ntasks:\n  A new:\n    query: q\n    condition: c\n  First:\n    query: First query\n    condition: changed\n  Z new:\n    query: q2\n    condition: c2\n",
    );
    // The server refuses the update (PUT): the creates before it stay, the rest is not sent.
    const failing: typeof fetch = (input, init) => {
      const request = new Request(input, init);
      if (request.method === "PUT") {
        return Promise.resolve(Response.json({ detail: "Database unavailable" }, { status: 500 }));
      }
      return fetch(request);
    };
    const result = await runWithKey(t, ["apply", "-f", file, "--yes"], { fetch: failing });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^Error: update "First" \(\w{8}\) failed: /);
    assert.match(result.stderr, /Applied \(2\): create "A new", create "Z new"/);
    assert.match(result.stderr, /Not applied \(1\): update "First" \(\w{8}\)/);
  });
}

Deno.test("file errors point at file:line:column and send no request", async (t) => {
  await using api = await startTestApi();
  const cases: [string, string, RegExp][] = [
    [
      "typo",
      "version: 1\ntasks:\n  A:\n    query: q\n    condtion: c\n",
      /:5:5: tasks\."A"\.condtion: unknown field \(did you mean "condition"\?\)/,
    ],
    [
      "duplicate name",
      "version: 1\ntasks:\n  A: {query: q, condition: c}\n  A: {query: q, condition: c}\n",
      /:4:3: a name or field appears twice/,
    ],
    ["bad yaml", "version: 1\ntasks:\n  A: {query: q\n", /torale\.yaml:\d+:\d+: /],
    [
      "wrong type",
      "version: 1\ntasks:\n  A:\n    query: [1, 2]\n    condition: c\n",
      /:4:12: tasks\."A"\.query: must be a non-empty string/,
    ],
    [
      "bad state",
      "version: 1\ntasks:\n  A: {query: q, condition: c, state: pasued}\n",
      /tasks\."A"\.state: must be one of active, paused, completed, not "pasued" \(did you mean "paused"\?\)/,
    ],
    [
      "missing condition",
      "version: 1\ntasks:\n  A: {query: q}\n",
      /:3:3: tasks\."A"\.condition: missing \(required\)/,
    ],
    ["version", "version: 2\ntasks: {}\n", /:1:10: version: must be 1/],
    [
      "http webhook",
      "version: 1\ntasks:\n  A: {query: q, condition: c, notify: {webhook: 'http://x.example'}}\n",
      /notify\.webhook: must be an https:\/\/ URL/,
    ],
  ];
  for (const [name, text, expected] of cases) {
    await t.step(name, async () => {
      const file = await tempFile(text);
      const log = recording();
      const result = await runWithKey(api, ["plan", "-f", file], { fetch: log.fetch });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, expected);
      assert.equal(result.stderr.split("\n")[0].startsWith(`Error: ${file}:`), true, result.stderr);
      assert.deepEqual(log.requests, []);
    });
  }
  const missing = await runWithKey(api, ["plan", "-f", "/nonexistent/torale.yaml"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /No such file: \/nonexistent\/torale\.yaml/);
});

Deno.test("apply re-reads the server and refuses when it changed since the plan", async () => {
  await using t = await startTestApi({ generation: "current" });
  await create(t, "One");
  const file = await tempFile("version: 1\ntasks:\n  One: {query: One query, condition: new}\n");
  const [{ id }] = JSON.parse((await runWithKey(t, ["task", "list", "--json"])).stdout);
  const result = await runWithKey(t, ["apply", "-f", file], {
    stdinIsTerminal: true,
    prompt: {
      // Someone changes the task while the question is on the screen.
      confirm: async () => {
        const edit = await runWithKey(t, ["task", "update", id, "--condition", "someone else's"]);
        assert.equal(edit.code, 0, edit.stderr);
        return true;
      },
    },
  });
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /The server's tasks changed since the plan was made; nothing was applied/,
  );
});

Deno.test("torale schema prints the shipped JSON Schema", async () => {
  await using t = await startTestApi();
  const result = await runWithKey(t, ["schema"]);
  assert.equal(result.code, 0);
  const shipped = await Deno.readTextFile(
    new URL("../../schema/torale.schema.json", import.meta.url),
  );
  assert.deepEqual(JSON.parse(result.stdout), JSON.parse(shipped));
  const schema = JSON.parse(result.stdout);
  assert.equal(schema.$defs.task.additionalProperties, false, "typo'd fields are rejected");
  assert.deepEqual(Object.keys(schema.$defs.task.properties).sort(), [
    "condition",
    "connectors",
    "context",
    "notify",
    "notify_behavior",
    "query",
    "schedule",
    "state",
  ]);
});

Deno.test("export --select keeps the names matching a glob; plan reads - as stdin", async () => {
  await using t = await startTestApi({ generation: "current" });
  await create(t, "prod-api");
  await create(t, "prod-web");
  await create(t, "staging-api");
  const exported = await runWithKey(t, ["export", "--select", "prod-*"]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.deepEqual([...exported.stdout.matchAll(/^ {2}(\S+):$/gm)].map((m) => m[1]), [
    "prod-api",
    "prod-web",
  ]);
  // Only the prod tasks are in the file: without --prune the others are left alone.
  const plan = await runWithKey(t, ["plan", "-f", "-", "--json"], { stdin: exported.stdout });
  assert.equal(plan.code, 0, plan.stderr);
  assert.deepEqual(JSON.parse(plan.stdout).changes, []);
  const pruned = await runWithKey(t, ["plan", "-f", "-", "--prune", "--json"], {
    stdin: exported.stdout,
  });
  assert.deepEqual(
    JSON.parse(pruned.stdout).changes.map((c: { action: string; name: string }) =>
      `${c.action} ${c.name}`
    ),
    ["delete staging-api"],
  );
});

Deno.test("apply asks on a terminal; no means nothing is sent", async () => {
  await using t = await startTestApi({ generation: "current" });
  const file = await tempFile("version: 1\ntasks:\n  New: {query: q, condition: c}\n");
  const questions: string[] = [];
  const log = recording();
  const result = await runWithKey(t, ["apply", "-f", file], {
    stdinIsTerminal: true,
    fetch: log.fetch,
    prompt: { confirm: (question) => (questions.push(question), Promise.resolve(false)) },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(questions, [
    "Apply 1 to create, 0 to update, 0 to pause, 0 to resume, 0 to delete?",
  ]);
  assert.match(result.stderr, /Nothing was changed\./);
  assert.deepEqual(log.writes(), []);
});

Deno.test("apply --json prints the plan and what was applied, the same shape with nothing to do", async () => {
  await using t = await startTestApi({ generation: "current" });
  const file = await tempFile("version: 1\ntasks:\n  New: {query: q, condition: c}\n");
  const first = await runWithKey(t, ["apply", "-f", file, "--yes", "--json"]);
  assert.equal(first.code, 0, first.stderr);
  const report = JSON.parse(first.stdout);
  assert.deepEqual(report.changes.map((c: { action: string }) => c.action), ["create"]);
  assert.deepEqual(report.applied, ['create "New"']);
  assert.deepEqual(report.not_applied, []);
  // A run changes the task's last result, not what the file manages: still nothing to do.
  const [{ id }] = JSON.parse((await runWithKey(t, ["task", "list", "--json"])).stdout);
  assert.equal((await runWithKey(t, ["task", "execute", id])).code, 0);
  const again = JSON.parse((await runWithKey(t, ["apply", "-f", file, "--yes", "--json"])).stdout);
  assert.deepEqual([again.changes, again.applied, again.not_applied], [[], [], []]);
});

Deno.test("names and values from the server reach a terminal as escapes, not as control sequences", async () => {
  await using t = await startTestApi({ generation: "current" });
  const evil = "Evil\u001b[2J\u202etxt.exe";
  await create(t, evil);
  const file = await tempFile("version: 1\ntasks: {}\n");
  for (const args of [["plan", "-f", file, "--prune"], ["apply", "-f", file, "--prune", "--yes"]]) {
    const result = await runWithKey(t, args, { stdoutIsTerminal: true });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /delete "Evil/);
    assert(!result.stdout.includes("\u001b[2J"), "an escape sequence reached the terminal");
    assert(!result.stdout.includes("\u202e"), "a bidi override reached the terminal");
  }
});

/** A raw request to the local API with the test key, for states the CLI cannot make. */
async function raw(t: TestApi, method: string, path: string, body?: unknown) {
  const response = await fetch(new URL(path, t.url), {
    method,
    headers: { Authorization: `Bearer ${t.key}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A classic task made with a raw POST, with `fields` over a minimal valid body. */
function rawClassicTask(t: TestApi, fields: Record<string, unknown>) {
  return raw(t, "POST", "/api/v1/tasks/", {
    search_query: "q",
    condition_description: "c",
    schedule: "0 9 * * *",
    config: { model: "gemini-2.0-flash-exp" },
    ...fields,
  });
}

Deno.test("apply --json prints its report when a change fails, and says what the server did anyway", async () => {
  await using t = await startTestApi({ generation: "current" });
  const file = await tempFile("version: 1\ntasks:\n  Made: {query: q, condition: c}\n");
  // The classic body (schedule, notify_behavior, config) sent to the current API: the task is
  // created, but the answer does not echo those fields, so the change fails its check.
  const result = await runWithKey(t, ["apply", "-f", file, "--yes", "--json"], {
    env: { TORALE_API_GENERATION: "classic" },
  });
  assert.equal(result.code, 1);
  const report = JSON.parse(result.stdout);
  const [task] = await raw(t, "GET", "/api/v1/tasks/");
  assert.deepEqual(report.applied, []);
  assert.deepEqual(report.not_applied, []);
  assert.deepEqual(report.partly_applied, [
    `create "Made": the server created it anyway (${task.id})`,
  ]);
  assert.match(report.error, /^create "Made" failed: /);
  assert.match(result.stderr, /^Error: create "Made" failed: /);
  assert.match(result.stderr, /Partly applied: create "Made": the server created it anyway/);
});

Deno.test("a completed task cannot be planned paused; an update keeps a webhook's method and headers", async () => {
  await using t = await startTestApi({ generation: "classic" });
  await create(t, "Done");
  const [done] = await raw(t, "GET", "/api/v1/tasks/");
  await raw(t, "PUT", `/api/v1/tasks/${done.id}`, { state: "completed" });
  const paused = await tempFile(
    "version: 1\ntasks:\n  Done: {query: Done query, condition: Done condition, state: paused}\n",
  );
  const refused = await runWithKey(t, ["plan", "-f", paused]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /tasks\."Done"\.state: a completed task cannot be paused/);

  const hook = {
    type: "webhook",
    url: "https://hooks.example.com/x",
    method: "PUT",
    headers: { "X-Team": "platform" },
  };
  const task = await rawClassicTask(t, { name: "Hooked", notifications: [hook] });
  const exported = await runWithKey(t, ["export", "--select", "Hooked"]);
  const file = await tempFile(
    exported.stdout.replace("query: q\n", "query: q2\n"),
  );
  const applied = await runWithKey(t, ["apply", "-f", file, "--yes"]);
  assert.equal(applied.code, 0, applied.stderr);
  const after = await raw(t, "GET", `/api/v1/tasks/${task.id}`);
  assert.equal(after.search_query, "q2");
  assert.deepEqual(
    after.notifications.map(({ type, url, method, headers }: typeof hook) => ({
      type,
      url,
      method,
      headers,
    })),
    [hook],
  );
});

Deno.test("export: - is stdout, an unwritable file is a clean error, a blank task is refused", async () => {
  await using t = await startTestApi({ generation: "classic" });
  await create(t, "Fine");
  const dash = await runWithKey(t, ["export", "--file", "-"]);
  assert.equal(dash.code, 0, dash.stderr);
  assert.match(dash.stdout, /^# Torale monitors/);
  assert.equal(dash.stderr, "", 'no "Wrote … to -"');
  const missingDir = await runWithKey(t, ["export", "--file", "/nonexistent/dir/x.yaml"]);
  assert.equal(missingDir.code, 1);
  assert.match(missingDir.stderr, /^Error: Cannot write \/nonexistent\/dir\/x\.yaml: /);
  assert.doesNotMatch(missingDir.stderr, /bug in torale/);
  const blank = await rawClassicTask(t, { name: " " });
  const refused = await runWithKey(t, ["export"]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^Error: 1 task has an empty name, query or condition/);
  assert.match(refused.stderr, new RegExp(blank.id));
  assert.equal(refused.stdout, "");
});

Deno.test("a plan quotes names, so a line break cannot fake a line; --json gives every from and to", async () => {
  await using t = await startTestApi({ generation: "current" });
  await create(t, 'Two\n- delete "prod" (deadbeef)');
  const file = await tempFile("version: 1\ntasks:\n  New: {query: q, condition: c}\n");
  const shown = await runWithKey(t, ["plan", "-f", file, "--prune"]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /^- delete "Two\\n- delete \\"prod\\" \(deadbeef\)" \(\w{8}\)$/m);
  assert.equal(shown.stdout.match(/^- delete/gm)?.length, 1);
  const json = JSON.parse((await runWithKey(t, ["plan", "-f", file, "--json"])).stdout);
  assert.deepEqual(json.changes[0].id, null);
  for (const field of json.changes[0].fields) {
    assert.deepEqual(Object.keys(field), ["field", "from", "to"]);
    assert.equal(field.from, null);
  }
});

Deno.test("export writes the server's control and bidi characters as escapes: same data, nothing obeyed", async () => {
  await using t = await startTestApi({ generation: "current" });
  const name = "evil\u202eabc\u009b31m x\u2028y\u0085z\u007f";
  await create(t, name);
  const exported = await runWithKey(t, ["export"], { stdoutIsTerminal: true });
  assert.equal(exported.code, 0, exported.stderr);
  assert.doesNotMatch(exported.stdout, /[\u007f-\u009f\u202e\u2028]/);
  const file = await tempFile(exported.stdout);
  const plan = await runWithKey(t, ["plan", "-f", file, "--json"]);
  assert.equal(plan.code, 0, plan.stderr);
  assert.deepEqual(JSON.parse(plan.stdout).unchanged, [name]);
});

Deno.test("names that differ only in Unicode normalisation are told apart in the plan", async () => {
  await using t = await startTestApi({ generation: "current" });
  const composed = "Caf\u00e9";
  const decomposed = "Cafe\u0301";
  await create(t, composed);
  const file = await tempFile(`version: 1\ntasks:\n  ${decomposed}: {query: q, condition: c}\n`);
  const shown = await runWithKey(t, ["plan", "-f", file, "--prune"]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stderr, /Some names differ only in Unicode normalisation/);
  assert.match(shown.stdout, /^\+ create "Cafe\u0301" \[decomposed, NFD: U\+0301\]$/m);
  assert.match(shown.stdout, /^- delete "Caf\u00e9" \(\w{8}\) \[composed, NFC: U\+00E9\]$/m);
  // Names that are simply different get no note.
  const plain = await tempFile("version: 1\ntasks:\n  Caf\u00e9s: {query: q, condition: c}\n");
  const other = await runWithKey(t, ["plan", "-f", plain, "--prune"]);
  assert.doesNotMatch(other.stdout + other.stderr, /normalisation|NFC|NFD/);
});

Deno.test("apply interrupted: once stops after the change in flight, with the report (exit 130)", async () => {
  await using t = await startTestApi({ generation: "current" });
  const file = await tempFile(
    "version: 1\ntasks:\n  A: {query: qa, condition: c}\n  B: {query: qb, condition: c}\n  C: {query: qc, condition: c}\n",
  );
  const interrupts: (() => void)[] = [];
  let posts = 0;
  const result = await runWithKey(t, ["apply", "-f", file, "--yes", "--json"], {
    interrupts,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      // Ctrl-C while the first create is on its way.
      if (request.method === "POST" && ++posts === 1) interrupts.forEach((press) => press());
      return await fetch(request);
    },
  });
  assert.equal(result.code, 130, result.stderr);
  assert.match(result.stderr, /Stopping after the change in flight/);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(report.applied, ['create "A"']);
  assert.deepEqual(report.not_applied, ['create "B"', 'create "C"']);
  assert.deepEqual(report.maybe_applied, []);
  assert.equal(report.error, "Interrupted");
  assert.match(result.stderr, /^Not applied \(2\): create "B", create "C"$/m);
  assert.equal(posts, 1);
});

Deno.test("apply interrupted twice: the change in flight is reported maybe applied", async () => {
  await using t = await startTestApi({ generation: "current" });
  const file = await tempFile(
    "version: 1\ntasks:\n  A: {query: qa, condition: c}\n  B: {query: qb, condition: c}\n",
  );
  const interrupts: (() => void)[] = [];
  const hung = Promise.withResolvers<Response>();
  const result = await runWithKey(t, ["apply", "-f", file, "--yes"], {
    interrupts,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      if (request.method !== "POST") return await fetch(request);
      // The create hangs; Ctrl-C twice stops apply at once.
      interrupts.forEach((press) => press());
      interrupts.forEach((press) => press());
      return await hung.promise;
    },
  });
  hung.resolve(new Response("{}", { status: 500 }));
  assert.equal(result.code, 130, result.stderr);
  assert.match(result.stderr, /^Applied \(0\): nothing$/m);
  assert.match(
    result.stderr,
    /^Maybe applied: create "A": stopped in flight; check with torale task list$/m,
  );
  assert.match(result.stderr, /^Not applied \(1\): create "B"$/m);
});

Deno.test("apply (current): a 500 on a task with a context names the context as what to leave out", async () => {
  await using t = await startTestApi({ generation: "current" });
  await create(t, "Old");
  const file = await tempFile(
    "version: 1\ntasks:\n  Ctx:\n    query: q\n    condition: c\n    context: {team: x}\n  Old:\n    query: Old query\n    condition: Old condition\n    context: {team: y}\n",
  );
  // The current Torale API answers 500 to any create or update that carries a context.
  const fetcher = serverFault((request, body) =>
    request.method !== "GET" && body.includes('"context"')
  );
  const created = await runWithKey(t, ["apply", "-f", file, "--yes"], { fetch: fetcher });
  assert.equal(created.code, 1);
  const hints = [
    "HTTP 500 is a fault on the service's side: the current Torale API fails every task create or update that carries a context (it cannot store the object).",
    "Try again without the context: remove `context:` from this task in the file.",
  ].join("\n");
  assert.ok(
    created.stderr.startsWith(
      `Error: create "Ctx" failed: The service failed on a task with a context (HTTP 500)\n${hints}\nApplied (0): nothing\n`,
    ),
    created.stderr,
  );
  const updated = await runWithKey(
    t,
    ["apply", "-f", file, "--yes"],
    {
      fetch: serverFault((request, body) => request.method === "PUT" && body.includes('"context"')),
    },
  );
  assert.equal(updated.code, 1);
  assert.match(
    updated.stderr,
    /^Error: update "Old" \(\w{8}\) failed: The service failed on a task with a context \(HTTP 500\)\n/,
  );
  assert.ok(updated.stderr.includes(hints), updated.stderr);
});
