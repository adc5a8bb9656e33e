/** `deno task local-api` as a process: it prints its URL, mints keys, logs requests, stops cleanly. */
import assert from "node:assert/strict";
import { join } from "node:path";

const MAIN = new URL("../../local_api/main.ts", import.meta.url).pathname;

function localApi(args: string[]) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdout: "piped",
    stderr: "piped",
  });
}

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, pattern: RegExp) {
  let text = "";
  while (!pattern.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
    text += new TextDecoder().decode(value);
  }
  return text;
}

async function startServer(db: string, args: string[] = []) {
  const child = localApi(["--port", "0", "--db", db, ...args]).spawn();
  const reader = child.stdout.getReader();
  const banner = await readUntil(reader, /listening on (http:\/\/\S+)/);
  const url = /listening on (http:\/\/\S+)/.exec(banner)![1];
  return { child, reader, url };
}

async function stopServer(server: Awaited<ReturnType<typeof startServer>>) {
  server.child.kill("SIGTERM");
  await server.child.status;
  server.reader.releaseLock();
  await server.child.stdout.cancel();
  await server.child.stderr.cancel();
}

Deno.test({
  name: "local-api: create-key, request logging, SIGTERM shutdown and persistence",
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
      await readUntil(server.reader, /POST \/api\/v1\/tasks\/ 200/),
      /GET \/auth\/me 200 [\d.]+ ms/,
    );

    server.child.kill("SIGTERM");
    const rest = await readUntil(server.reader, /Shutting down/);
    assert.match(rest, /Shutting down/);
    server.reader.releaseLock();
    assert.equal((await server.child.status).code, 0);
    await server.child.stderr.cancel();

    const again = await startServer(db);
    try {
      const tasks = await (await fetch(`${again.url}/api/v1/tasks/`, { headers })).json();
      assert.deepEqual(tasks.map((t: { name: string }) => t.name), ["kept"]);
    } finally {
      await stopServer(again);
    }
  },
});

Deno.test("local-api refuses bad arguments with usage", async () => {
  const output = await localApi(["--rate-limit", "lots"]).output();
  assert.equal(output.code, 2);
  assert.match(new TextDecoder().decode(output.stderr), /invalid --rate-limit "lots"/);
  const noEmail = await localApi(["create-key"]).output();
  assert.equal(noEmail.code, 2);
  assert.match(new TextDecoder().decode(noEmail.stderr), /create-key needs --email/);
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
      [["--generation", "next"], /invalid --generation "next"/],
      [["--rate-limit", "5/min"], /the current generation takes "upstream"/],
      [["--generation", "classic", "--rate-limit", "upstream"], /expected e\.g\. 100\/min/],
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
