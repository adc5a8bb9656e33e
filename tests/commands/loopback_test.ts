/** A key goes over plain http only to this machine, decided by address, never by name suffix. */
import assert from "node:assert/strict";
import { runInProcess, tempHome } from "../helpers/cli.ts";
import { stubFetch } from "../helpers/fetch_stub.ts";
import { writeConfig } from "../helpers/config_file.ts";

const KEY = "sk_" + "L".repeat(43);

Deno.test("a *.localhost name over plain http gets no key, from every source of the URL", async (t) => {
  const url = "http://evil.localhost:8000";
  const sources: [string, { args: string[]; env: Record<string, string>; file?: object }][] = [
    ["--api-url", { args: ["--api-url", url], env: { TORALE_API_KEY: KEY } }],
    ["TORALE_API_URL", { args: [], env: { TORALE_API_KEY: KEY, TORALE_API_URL: url } }],
    ["the config file", { args: [], env: {}, file: { api_key: KEY, api_url: url } }],
    ["with HTTP_PROXY set", {
      args: [],
      env: { TORALE_API_KEY: KEY, TORALE_API_URL: url, HTTP_PROXY: "http://127.0.0.1:9" },
    }],
  ];
  for (const [name, { args, env, file }] of sources) {
    await t.step(name, async () => {
      const home = await tempHome();
      if (file) await writeConfig(home, file);
      const stub = stubFetch([]);
      const result = await runInProcess(["task", "list", ...args], {
        home,
        env,
        fetch: stub.fetch,
        secrets: [KEY],
      });
      assert.equal(result.code, 2, result.stderr);
      assert.match(
        result.stderr,
        /^Error: Refusing to send the API key over plain http:\/\/ to evil\.localhost:8000\n/,
      );
      assert.equal(stub.requests.length, 0);
    });
  }
});

Deno.test("localhost. (resolved through DNS, not /etc/hosts) over plain http gets no key", async () => {
  for (const url of ["http://localhost.:8000", "http://localhost%2e:8000"]) {
    const home = await tempHome();
    const stub = stubFetch([]);
    const result = await runInProcess(["task", "list", "--api-url", url], {
      home,
      env: { TORALE_API_KEY: KEY },
      fetch: stub.fetch,
      secrets: [KEY],
    });
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /^Error: Refusing to send the API key over plain http:\/\/ to localhost\.:8000\n/,
    );
    assert.equal(stub.requests.length, 0, url);
  }
});
