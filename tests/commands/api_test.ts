/**
 * `torale api <path>`: raw authenticated requests through the CLI's client,
 * in-process against the local API (both generations) and against stubs.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startTestApi } from "../helpers/api.ts";
import {
  type CliResult,
  commandLine,
  type InProcessOptions,
  runInProcess,
  runNoAuth,
  runWithKey,
  tempHome,
} from "../helpers/cli.ts";
import { json, stubFetch } from "../helpers/fetch_stub.ts";
import { createTask } from "../helpers/tasks.ts";

const KEY = "sk_" + "a".repeat(43);
/** Runs in-process with KEY in TORALE_API_KEY against a stubbed API (KEY is checked for leaks). */
async function runStubbed(
  args: string[],
  fetch: typeof globalThis.fetch,
  options: Partial<InProcessOptions> = {},
): Promise<CliResult> {
  return await runInProcess(args, {
    ...options,
    home: options.home ?? await tempHome(),
    fetch,
    env: { TORALE_API_KEY: KEY, TORALE_API_URL: "https://api.example.test" },
    secrets: [KEY],
  });
}

Deno.test("api GETs a path with the key and prints the JSON answer", async () => {
  await using t = await startTestApi();
  const result = await runWithKey(t, ["api", "/auth/me"]);
  assert.equal(result.code, 0, result.stderr);
  const me = JSON.parse(result.stdout);
  assert.equal(me.email, "user@example.com");
  assert.match(result.stdout, /^{\n {2}"/, "pretty JSON, as --json prints");
  const traced = await runWithKey(t, ["api", "/auth/me", "--debug"]);
  assert.match(traced.stderr, /> Authorization: Bearer \[redacted\]/);
});

Deno.test("api writes with -X and -f, and --jq filters the answer", async () => {
  await using t = await startTestApi({ generation: "current" });
  const created = await runWithKey(t, [
    "api",
    "/api/v1/tasks/",
    "-f",
    "search_query=Rust 2.0 release",
    "-f",
    "name=Rust",
    "--jq",
    ".id",
  ]);
  assert.equal(created.code, 0, created.stderr);
  const id = created.stdout.trim();
  const paused = await runWithKey(t, [
    "api",
    "-X",
    "PUT",
    `/api/v1/tasks/${id}`,
    "-f",
    "state=paused",
    "--jq",
    ".state",
  ]);
  assert.equal(paused.stdout, "paused\n");
  const listed = await runWithKey(t, ["api", "/api/v1/tasks/?state=paused", "--jq", ".[].name"]);
  assert.equal(listed.stdout, "Rust\n");
  const deleted = await runWithKey(t, ["api", "-X", "delete", `/api/v1/tasks/${id}`]);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal(deleted.stdout, "", "a 204 prints nothing");
});

Deno.test("-F values are typed in a body, -f values are strings, both text in a query", async () => {
  const stub = stubFetch([
    { method: "POST", path: "/x", respond: () => json(200, { ok: true }) },
    { method: "GET", path: "/y", respond: () => json(200, []) },
    { method: "DELETE", path: "/z", respond: () => new Response(null, { status: 204 }) },
  ]);
  const fields = ["-F", "n=5", "-F", "f=-1.5e3", "-F", "t=true", "-F", "z=null", "-F", "s=007"];
  const post = await runStubbed(
    ["api", "/x", ...fields, "-f", "eq=a=b", "--raw-field", "r=text"],
    stub.fetch,
  );
  assert.equal(post.code, 0, post.stderr);
  assert.equal(post.stderr, "", "no -f value looked typed: no warning");
  const sent = stub.requests[0];
  assert.equal(sent.headers.get("content-type"), "application/json");
  assert.equal(sent.headers.get("authorization"), `Bearer ${KEY}`);
  assert.deepEqual(await sent.json(), {
    eq: "a=b",
    r: "text",
    n: 5,
    f: -1500,
    t: true,
    z: null,
    s: "007",
  });
  const get = await runStubbed(
    ["api", "-X", "GET", "/y?limit=2", "-f", "state=active", "-F", "n=3"],
    stub.fetch,
  );
  assert.equal(get.code, 0, get.stderr);
  assert.equal(new URL(stub.requests[1].url).search, "?limit=2&state=active&n=3");
  assert.equal(stub.requests[1].body, null);
  const del = await runStubbed(["api", "-X", "DELETE", "/z", "-f", "force=true"], stub.fetch);
  assert.equal(new URL(stub.requests[2].url).search, "?force=true");
  assert.equal(del.stderr, "", "a query parameter is text either way: no warning");
  stub.assertDone();
});

Deno.test("-f sends what looks typed as a string, now as gh does, and says to use -F", async () => {
  const stub = stubFetch([{ method: "POST", path: "/x", respond: () => json(200, {}) }]);
  const result = await runStubbed(
    ["api", "/x", "-f", "n=5", "-f", "t=true", "-f", "s=x"],
    stub.fetch,
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(await stub.requests[0].text(), '{"n":"5","t":"true","s":"x"}');
  assert.equal(
    result.stderr,
    'Warning: -f n=5 is sent as the string "5"; use -F n=5 for a typed value\n' +
      'Warning: -f t=true is sent as the string "true"; use -F t=true for a typed value\n',
  );
  stub.assertDone();
});

Deno.test("-F keeps a big integer's digits exactly and reads @file and @- as text", async () => {
  const stub = stubFetch([
    { method: "POST", path: "/x", respond: () => json(200, {}) },
    { method: "POST", path: "/x", respond: () => json(200, {}) },
  ]);
  const file = join(await tempHome(), "note.txt");
  await Deno.writeTextFile(file, "line 1\n42");
  const big = await runStubbed(
    ["api", "/x", "-F", "v=9007199254740993", "-F", `note=@${file}`],
    stub.fetch,
  );
  assert.equal(big.code, 0, big.stderr);
  assert.equal(
    await stub.requests[0].text(),
    '{"v":9007199254740993,"note":"line 1\\n42"}',
  );
  const piped = await runStubbed(["api", "/x", "-F", "q=@-"], stub.fetch, { stdin: "true" });
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(await stub.requests[1].text(), '{"q":"true"}', "a file's text is a string");
  stub.assertDone();
  const missing = await runStubbed(["api", "/x", "-F", "q=@/nonexistent/x"], stub.fetch);
  assert.equal(missing.code, 2);
  assert.match(
    missing.stderr,
    /^Error: Cannot read the file of field "q" \("\/nonexistent\/x"\): no such file$/m,
  );
  const both = await runStubbed(["api", "/x", "--input", "-", "-F", "q=@-"], stub.fetch);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /^Error: stdin can feed --input - or a -F key=@- field, not both$/m);
});

Deno.test("--input sends a file or stdin as the body, exactly; -f then goes to the query", async () => {
  const stub = stubFetch([
    { method: "POST", path: "/api/v1/tasks/", respond: () => json(200, { id: "1" }) },
    { method: "PUT", path: "/api/v1/tasks/1", respond: () => json(200, { id: "1" }) },
  ]);
  const body = '{ "search_query": "Rust",\n  "name": "R" }\n';
  const fromStdin = await runStubbed(
    ["api", "/api/v1/tasks/", "--input", "-", "-f", "dry=1"],
    stub.fetch,
    { stdin: body },
  );
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.equal(await stub.requests[0].text(), body);
  assert.equal(new URL(stub.requests[0].url).search, "?dry=1");
  const file = join(await tempHome(), "body.json");
  await Deno.writeTextFile(file, '{"state":"paused"}');
  const fromFile = await runStubbed(
    ["api", "-X", "PUT", "/api/v1/tasks/1", "--input", file],
    stub.fetch,
  );
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.equal(await stub.requests[1].text(), '{"state":"paused"}');
  stub.assertDone();
});

Deno.test("--include prints the status line and headers first, never a credential", async () => {
  const stub = stubFetch([{
    method: "GET",
    path: "/health",
    respond: () =>
      new Response('{"status":"healthy"}', {
        statusText: "OK",
        headers: { "x-request-id": "r1", "authorization": `Bearer ${KEY}`, "x-echo": KEY },
      }),
  }]);
  const result = await runStubbed(["api", "-i", "/health", "--jq", ".status"], stub.fetch);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stdout,
    "HTTP 200 OK\ncontent-type: text/plain;charset=UTF-8\nx-echo: sk_...aaaaa\nx-request-id: r1\n\nhealthy\n",
  );
});

Deno.test("HTTP errors: the answer on stderr, exit 1, or 4 for a rejected key", async (t) => {
  await using api = await startTestApi();
  await createTask(api);
  await t.step("404 from the local API", async () => {
    const result = await runWithKey(api, [
      "api",
      "/api/v1/tasks/00000000-0000-4000-8000-000000000000",
    ]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, "");
    assert.equal(
      result.stderr,
      '{\n  "detail": "Task not found"\n}\n' +
        "Error: GET /api/v1/tasks/00000000-0000-4000-8000-000000000000 answered 404 Not Found\n",
    );
  });
  await t.step("401 for a key the API does not know", async () => {
    const other = { url: api.url, key: "sk_" + "b".repeat(43) };
    const result = await runWithKey(other, ["api", "/auth/me"]);
    assert.equal(result.code, 4);
    assert.match(
      result.stderr,
      /^Error: GET \/auth\/me answered 401 Unauthorized\nTORALE_API_KEY holds/m,
    );
  });
  await t.step("a non-JSON error body is shown as text, key-shaped strings masked", async () => {
    const fetch = () =>
      Promise.resolve(
        new Response(`boom ${KEY}`, { status: 500, statusText: "Internal Server Error" }),
      );
    const result = await runStubbed(["api", "-X", "POST", "/x"], fetch);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      "boom sk_...aaaaa\nError: POST /x answered 500 Internal Server Error\n",
    );
  });
});

Deno.test("a GET is retried on 503 like every other request", async () => {
  const sleeps: number[] = [];
  const stub = stubFetch([
    { method: "GET", path: "/health", respond: () => json(503, { detail: "busy" }) },
    { method: "GET", path: "/health", respond: () => json(200, { status: "healthy" }) },
  ]);
  const result = await runStubbed(["api", "/health", "--jq", ".status"], stub.fetch, { sleeps });
  assert.equal(result.stdout, "healthy\n");
  assert.deepEqual(sleeps, [250]);
  stub.assertDone();
});

Deno.test("a non-JSON answer is printed as it is; --jq on it fails", async () => {
  const rss = '<?xml version="1.0"?><rss></rss>';
  const fetch = () =>
    Promise.resolve(new Response(rss, { headers: { "content-type": "application/rss+xml" } }));
  const text = await runStubbed(["api", "/tasks/1/rss"], fetch);
  assert.equal(text.stdout, rss + "\n");
  const filtered = await runStubbed(["api", "/tasks/1/rss", "--jq", "."], fetch);
  assert.equal(filtered.code, 1);
  assert.equal(
    filtered.stderr,
    "Error: The answer is not JSON (application/rss+xml): --jq has nothing to filter\n",
  );
});

Deno.test("bad api input gives one clear line, exit 2, and sends nothing", async (t) => {
  const home = await tempHome();
  const missing = join(home, "missing.json");
  const cases: [string[], string, string?][] = [
    [
      ["api", "https://evil.example/x"],
      'Error: "https://evil.example/x" is a URL, not a path such as /auth/me: requests go only to the API URL in use (--api-url)',
    ],
    [
      ["api", "//evil.example/x"],
      'Error: The path "//evil.example/x" names another host: requests (and your key) go only to the API URL in use',
    ],
    [
      ["api", "/\\evil.example/x"],
      'Error: The path "/\\evil.example/x" names another host: requests (and your key) go only to the API URL in use',
    ],
    [["api", "auth/me"], 'Error: The path "auth/me" must start with /, as in /api/v1/tasks/'],
    [["api", "/x", "-f", "novalue"], 'Error: Invalid field "novalue": expected key=value'],
    [["api", "/x", "-f", "=v"], 'Error: Invalid field "=v": expected key=value'],
    [["api", "/x", "-f", "a=1", "-f", "a=2"], 'Error: Field "a" is given twice'],
    [["api", "/x", "-f", "a=x", "-F", "a=2"], 'Error: Field "a" is given twice'],
    [["api", "/x", "-F", "=v"], 'Error: Invalid field "=v": expected key=value'],
    [
      ["api", "-X", "POST", "/x", "--paginate"],
      "Error: --paginate follows pages of a GET, not of a POST",
    ],
    [
      ["api", "-X", "GET", "/x", "--input", "-"],
      "Error: A GET sends no body: use -X POST, PUT or PATCH with --input",
    ],
    [
      ["api", "/x", "--input", "-"],
      "Error: The --input body from stdin is not JSON: Unexpected token 'o', \"nope\\n\" is not valid JSON",
      "nope\n",
    ],
    [["api", "/x", "--input", "-"], "Error: The --input body from stdin is empty", " \n"],
    [
      ["api", "/x", "--input", missing],
      `Error: Cannot read --input file "${missing}": no such file`,
    ],
    [
      ["api", "/x", "--jq", ".", "--yaml"],
      "Error: Use either --jq or --yaml, not both: --jq filters JSON",
    ],
    [
      ["api", "/api/v1/public/tasks", "--paginate", "-X", "GET", "-f", "limit=0"],
      "Error: --paginate needs limit to be a whole number of at least 1",
    ],
  ];
  for (const [args, line, stdin] of cases) {
    await t.step(commandLine(args), async () => {
      const stub = stubFetch([]);
      const result = await runStubbed(args, stub.fetch, { stdin, home });
      assert.equal(result.stderr, line + "\n");
      assert.equal(result.code, 2);
      assert.equal(stub.requests.length, 0);
    });
  }
  await t.step("torale api -X FOO /x", async () => {
    const result = await runNoAuth(["api", "-X", "FOO", "/x"], { home });
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^Error: Invalid value "FOO" for --method: expected one of GET, POST, PUT, PATCH, DELETE, HEAD\n/,
    );
  });
});

Deno.test("--paginate follows offset until a short page and prints every item", async () => {
  const page = (ids: number[], total: number) =>
    json(200, { tasks: ids.map((id) => ({ id })), total, offset: ids[0] ?? 0, limit: 2 });
  const stub = stubFetch([
    { method: "GET", path: "/api/v1/public/tasks", respond: () => page([0, 1], 5) },
    { method: "GET", path: "/api/v1/public/tasks", respond: () => page([2, 3], 5) },
    { method: "GET", path: "/api/v1/public/tasks", respond: () => page([4], 5) },
  ]);
  const result = await runStubbed(
    [
      "api",
      "/api/v1/public/tasks?limit=2",
      "--paginate",
      "-f",
      "sort_by=popular",
      "--jq",
      "[.tasks[].id], .total",
    ],
    stub.fetch,
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, "[0,1,2,3,4]\n5\n");
  assert.deepEqual(
    stub.requests.map((request) => new URL(request.url).search),
    [
      "?limit=2&sort_by=popular&offset=0",
      "?limit=2&sort_by=popular&offset=2",
      "?limit=2&sort_by=popular&offset=4",
    ],
  );
  stub.assertDone();
});

Deno.test("--paginate stops at total, and returns other routes whole", async () => {
  const stub = stubFetch([
    {
      method: "GET",
      path: "/api/v1/notifications/sends",
      respond: () =>
        json(200, { sends: Array.from({ length: 50 }, (_, i) => ({ i })), total: 100 }),
    },
    {
      method: "GET",
      path: "/api/v1/notifications/sends",
      respond: () =>
        json(200, { sends: Array.from({ length: 50 }, (_, i) => ({ i: 50 + i })), total: 100 }),
    },
    { method: "GET", path: "/api/v1/tasks/", respond: () => json(200, [{ id: "a" }]) },
  ]);
  const sends = await runStubbed(
    ["api", "/api/v1/notifications/sends", "--paginate", "--jq", ".sends | length"],
    stub.fetch,
  );
  assert.equal(sends.stdout, "100\n");
  assert.equal(new URL(stub.requests[1].url).search, "?limit=50&offset=50");
  const whole = await runStubbed(
    ["api", "/api/v1/tasks/", "--paginate", "--jq", ".[].id"],
    stub.fetch,
  );
  assert.equal(whole.stdout, "a\n");
  assert.equal(
    whole.stderr,
    "/api/v1/tasks/ is not paged (only /api/v1/notifications/sends and /api/v1/public/tasks): shown whole\n",
  );
  stub.assertDone();
});

Deno.test("--paginate against an endless server stops at one budget for all pages, exit 1", async () => {
  // Full pages of 16 MiB forever: never short, no total.
  const big = "x".repeat(16 * 1024 * 1024);
  const text = JSON.stringify({ tasks: [{ id: 1, big }, { id: 2 }] });
  let requests = 0;
  const endless: typeof fetch = () => {
    requests++;
    return Promise.resolve(
      new Response(text, { headers: { "content-type": "application/json" } }),
    );
  };
  const result = await runStubbed(
    ["api", "/api/v1/public/tasks?limit=2", "--paginate"],
    endless,
  );
  assert.equal(result.code, 1, result.stderr);
  assert.match(
    result.stderr,
    /^Error: --paginate stopped at GET \/api\/v1\/public\/tasks\?offset=\d+: the pages passed 256 MiB together\n/,
  );
  assert.equal(result.stdout, "");
  assert(requests <= 17, `${requests} pages were fetched`);
});

Deno.test("numbers in an answer keep their text in --json and --jq, as jq prints them", async () => {
  const echo = (request: Request) =>
    request.text().then((body) =>
      new Response(body, { status: 200, headers: { "content-type": "application/json" } })
    );
  const stub = stubFetch([
    { method: "POST", path: "/x", respond: echo },
    { method: "POST", path: "/x", respond: echo },
  ]);
  const fields = ["-F", "v=9007199254740993", "-F", "z=-0", "-F", "f=1.0", "-F", "e=1e1000"];
  const jq = await runStubbed(
    ["api", "/x", ...fields, "--jq", ".v, .z, .f, .e, (.v | tostring), [.z, .f]"],
    stub.fetch,
  );
  assert.equal(jq.code, 0, jq.stderr);
  assert.equal(
    jq.stdout,
    "9007199254740993\n-0\n1.0\n1E+1000\n9007199254740993\n[-0,1.0]\n",
  );
  const json = await runStubbed(["api", "/x", ...fields, "--json"], stub.fetch);
  assert.equal(json.code, 0, json.stderr);
  assert.equal(
    json.stdout,
    '{\n  "v": 9007199254740993,\n  "z": -0,\n  "f": 1.0,\n  "e": 1e1000\n}\n',
  );
  stub.assertDone();
});
