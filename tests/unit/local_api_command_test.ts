/** `torale local-api`'s pure parts: its default database and what it says when it listens. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { UsageError } from "../../src/errors.ts";
import { databaseOf } from "../../src/commands/local_api/module.ts";
import { nextSteps } from "../../src/commands/local_api/next_steps.ts";

Deno.test("the local API's database is --db, else under ~/.torale, else a usage error", () => {
  assert.equal(databaseOf(undefined, "/h"), join("/h", ".torale", "local-api", "torale.db"));
  assert.equal(databaseOf("mine.db", undefined), "mine.db");
  assert.throws(() => databaseOf(undefined, undefined), (error) => {
    assert.ok(error instanceof UsageError);
    assert.match(error.hints.join("\n"), /--db/);
    return true;
  });
});

Deno.test("the banner points clients at loopback and offers no key command for :memory:", () => {
  const started = { generation: "current", db: "/d.db", defaultDb: true, noauth: false };
  const any = nextSteps({ ...started, url: "http://0.0.0.0:8000" });
  assert.match(any[0], /on http:\/\/0\.0\.0\.0:8000 · Ctrl-C stops it$/);
  assert.ok(any.some((line) => line.endsWith("--api-url http://127.0.0.1:8000")), any.join("\n"));
  const memory = nextSteps({ ...started, url: "http://127.0.0.1:1234", db: ":memory:" });
  assert.ok(!memory.some((line) => line.includes("create-key")), memory.join("\n"));
  assert.match(memory.join("\n"), /--noauth/);
});

Deno.test({
  name: "a database an older version left readable by others is made 0600",
  ignore: Deno.build.os === "windows",
  async fn() {
    const { prepareDatabase } = await import("../../local_api/entry.ts");
    const dir = await Deno.makeTempDir();
    const file = `${dir}/torale.db`;
    await Deno.writeTextFile(file, "");
    await Deno.chmod(file, 0o644);
    await prepareDatabase(file);
    assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
    const fresh = `${dir}/new/torale.db`;
    await prepareDatabase(fresh);
    assert.equal((await Deno.stat(fresh)).mode! & 0o777, 0o600);
  },
});
