/** `deno task local-api` as a process: it prints its URL, mints keys, logs requests, stops on Ctrl-C. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { localApiArgs } from "../../local_api/main.ts";
import { startLocalApi } from "../../local_api/server.ts";
import { localApi, startServer, stopServer } from "../helpers/local_api_process.ts";
import { startReceiver } from "../helpers/receiver.ts";

Deno.test({
  name: "local-api: create-key, request logging, Ctrl-C shutdown and persistence",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "torale-local-api-" });
    const db = join(dir, "torale.db");
    const server = await startServer(db);

    const minted = await localApi([
      "create-key",
      "--email",
      "you@example.com",
      "--name",
      "CLI Key",
      "--db",
      db,
    ])
      .output();
    assert.equal(minted.code, 0, new TextDecoder().decode(minted.stderr));
    const key = new TextDecoder().decode(minted.stdout).trim();
    assert.match(key, /^sk_[A-Za-z0-9_-]{43}$/);
    assert.match(new TextDecoder().decode(minted.stderr), /shown only once/);

    const headers = { Authorization: `Bearer ${key}`, "Content-Type": "application/json" };
    const me = await fetch(`${server.url}/auth/me`, { headers });
    assert.equal((await me.json()).email, "you@example.com");
    const created = await fetch(`${server.url}/api/v1/tasks/`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        name: "kept",
        schedule: "0 9 * * *",
        config: {},
        search_query: "q",
        condition_description: "c",
      }),
    });
    assert.equal(created.status, 200);
    await created.body?.cancel();
    assert.match(
      await server.until(/POST \/api\/v1\/tasks\/ 200/),
      /GET \/auth\/me 200 [\d.]+ ms/,
    );

    // Ctrl-C stops it: it closes the database and exits 130, as any interrupted command.
    assert.equal((await stopServer(server)).code, 130);
    assert.match(await server.until(/Stopped/, "stderr"), /Stopped the local API/);

    const again = await startServer(db);
    try {
      const tasks = await (await fetch(`${again.url}/api/v1/tasks/`, { headers })).json();
      assert.deepEqual(tasks.map((t: { name: string }) => t.name), ["kept"]);
    } finally {
      await stopServer(again);
    }
  },
});

Deno.test({
  name: "local-api --deliver-to-account-webhook turns on the account webhook convenience",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "torale-local-api-" });
    const results = join(dir, "results.json");
    await Deno.writeTextFile(
      results,
      JSON.stringify({ "*": { answer: "Yes", condition_met: true } }),
    );
    await using receiver = await startReceiver();
    const server = await startServer(":memory:", [
      "--noauth",
      "--results",
      results,
      "--deliver-to-account-webhook",
    ]);
    try {
      const json = { "Content-Type": "application/json" };
      const put = await fetch(`${server.url}/api/v1/webhooks/config`, {
        method: "PUT",
        headers: json,
        body: JSON.stringify({ webhook_url: receiver.url, enabled: true }),
      });
      assert.equal(put.status, 200);
      await put.body?.cancel();
      const task = await (await fetch(`${server.url}/api/v1/tasks/`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ search_query: "q" }),
      })).json();
      const run = await fetch(`${server.url}/api/v1/tasks/${task.id}/execute`, { method: "POST" });
      await run.body?.cancel();
      for (let i = 0; i < 100 && receiver.got.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(receiver.got.length, 1, "the account's webhook got the met run");
    } finally {
      await stopServer(server);
    }
  },
});

Deno.test({
  name: "local-api --frontend-url is where RSS items link to (the service's FRONTEND_URL)",
  ignore: Deno.build.os === "windows",
  async fn() {
    const server = await startServer(":memory:", [
      "--noauth",
      "--frontend-url",
      "http://localhost:5173/",
    ]);
    try {
      const json = { "Content-Type": "application/json" };
      const task = await (await fetch(`${server.url}/api/v1/tasks/`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ search_query: "q" }),
      })).json();
      const visibility = await fetch(`${server.url}/api/v1/tasks/${task.id}/visibility`, {
        method: "PATCH",
        headers: json,
        body: JSON.stringify({ is_public: true }),
      });
      assert.equal(visibility.status, 200);
      await visibility.body?.cancel();
      const rss = await (await fetch(`${server.url}/tasks/${task.id}/rss`)).text();
      assert.match(rss, new RegExp(`<link>http://localhost:5173/tasks/${task.id}</link>`));
    } finally {
      await stopServer(server);
    }
    const bad = await localApi(["--frontend-url", "ftp://x"]).output();
    assert.equal(bad.code, 2);
    assert.match(new TextDecoder().decode(bad.stderr), /expected an http\(s\) URL/);
  },
});

Deno.test("local-api refuses bad arguments with usage", async () => {
  const output = await localApi(["--rate-limit", "lots"]).output();
  assert.equal(output.code, 2);
  assert.match(new TextDecoder().decode(output.stderr), /Invalid --rate-limit "lots"/);
  const noEmail = await localApi(["create-key"]).output();
  assert.equal(noEmail.code, 2);
  assert.match(new TextDecoder().decode(noEmail.stderr), /Missing required flag --email/);
});

Deno.test({
  name: "local-api speaks the current generation unless --generation classic is given",
  ignore: Deno.build.os === "windows",
  async fn(t) {
    const cases: [string, string[], Record<string, string>][] = [
      ["the default", [], { status: "healthy" }],
      ["--generation classic", ["--generation", "classic"], {
        status: "healthy",
        service: "torale-api",
      }],
      ["--generation current", ["--generation", "current"], { status: "healthy" }],
    ];
    for (const [name, args, health] of cases) {
      await t.step(name, async () => {
        const server = await startServer(":memory:", args);
        try {
          assert.deepEqual(await (await fetch(`${server.url}/health`)).json(), health);
        } finally {
          await stopServer(server);
        }
      });
    }
    const refused: [string[], RegExp][] = [
      [["--generation", "next"], /Invalid value "next" for --generation/],
      [["--rate-limit", "5/min"], /current generation takes "upstream"/],
      [["--generation", "classic", "--rate-limit", "upstream"], /e\.g\. 100\/min/],
    ];
    for (const [args, message] of refused) {
      await t.step(`refused: ${args.join(" ")}`, async () => {
        const output = await localApi(args).output();
        assert.equal(output.code, 2);
        assert.match(new TextDecoder().decode(output.stderr), message);
      });
    }
  },
});

Deno.test("local-api on a port in use says so, with what to do, and exits 1", async () => {
  // The port is this test's own, held until the test ends.
  using held = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = held.addr;
  const output = await localApi(["--port", String(port), "--db", ":memory:"]).output();
  assert.equal(output.code, 1);
  assert.equal(
    new TextDecoder().decode(output.stderr),
    `Error: Port ${port} is in use on 127.0.0.1\nChoose another with --port, or --port 0 for any free port.\n`,
  );
  assert.equal(new TextDecoder().decode(output.stdout), "");
  // In process it rejects with the error the command words.
  await assert.rejects(startLocalApi({ port, scheduler: true }), Deno.errors.AddrInUse);
});

Deno.test("deno task local-api is torale local-api with the clone's database unless --db names one", () => {
  const cloneDb = join(import.meta.dirname!, "..", "..", ".local-api", "torale.db");
  assert.deepEqual(localApiArgs(["--port", "0"]), ["local-api", "--port", "0", "--db", cloneDb]);
  assert.deepEqual(localApiArgs(["create-key", "--email", "a@b.c"]), [
    "local-api",
    "create-key",
    "--email",
    "a@b.c",
    "--db",
    cloneDb,
  ]);
  assert.deepEqual(localApiArgs(["--db", ":memory:"]), ["local-api", "--db", ":memory:"]);
  assert.deepEqual(localApiArgs(["--db=x.db"]), ["local-api", "--db=x.db"]);
  assert.deepEqual(localApiArgs(["--help"]), ["local-api", "--help"]);
});
