/** Errors say what to fix: the missing scheme, http spoken to https, where a bad URL or key came from. */
import assert from "node:assert/strict";
import { runInProcess, runNoAuth, tempHome } from "../helpers/cli.ts";
import { configPath, writeConfig } from "../helpers/config_file.ts";
import { refusedUrl } from "../helpers/net.ts";

const KEY = "sk_" + "H".repeat(43);

Deno.test("a URL without its scheme suggests https://, or http:// for this machine", async (t) => {
  for (
    const [url, guess] of [
      ["api.torale.ai", "https://api.torale.ai"],
      ["localhost:8000", "http://localhost:8000"],
    ]
  ) {
    await t.step(url, async () => {
      const result = await runNoAuth(["task", "list", "--api-url", url]);
      assert.equal(result.code, 2);
      assert.match(
        result.stderr,
        new RegExp(`^Did you mean ${guess.replace(/\./g, "\\.")}\\?$`, "m"),
      );
    });
  }
});

Deno.test("https:// to a server that speaks plain http says so and gives the http:// URL", async () => {
  await using server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    () => new Response("{}"),
  );
  const result = await runInProcess(["task", "list"], {
    home: await tempHome(),
    env: { TORALE_API_KEY: KEY, TORALE_API_URL: `https://127.0.0.1:${server.addr.port}` },
    fetch: globalThis.fetch,
    secrets: [KEY],
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^Error: https:\/\/127\.0\.0\.1:\d+ does not speak https\n/);
  assert.match(result.stderr, /--api-url http:\/\/127\.0\.0\.1:\d+$/m);
});

Deno.test("connection refused names where the API URL came from", async () => {
  const home = await tempHome();
  await writeConfig(home, { api_url: refusedUrl() });
  const result = await runInProcess(["task", "list"], {
    home,
    env: { TORALE_API_KEY: KEY },
    fetch: globalThis.fetch,
    secrets: [KEY],
  });
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /^Warning: The key from TORALE_API_KEY goes to http:.*\nError: Connection refused\n/,
  );
  assert.match(result.stderr, new RegExp(`a wrong API URL: it came from ${configPath(home)}`));
});
