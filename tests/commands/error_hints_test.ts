/** Errors say what to fix: the missing scheme, http spoken to https, where a bad URL or key came from. */
import assert from "node:assert/strict";
import { runInProcess, runNoAuth, tempHome } from "../helpers/cli.ts";
import { configPath, writeConfig } from "../helpers/config_file.ts";
import { refusedUrl } from "../helpers/net.ts";
import { dedent } from "../helpers/dedent.ts";

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

Deno.test("on a terminal an error and its hints wrap at spaces, under their text", async () => {
  const result = await runInProcess(["task", "list"], {
    home: await tempHome(),
    stderrIsTerminal: true,
    columns: 40,
  });
  assert.equal(result.code, 4);
  assert.equal(
    result.stderr,
    dedent`
      Error: No API key configured
      Run \`torale auth set-api-key\`, set
      TORALE_API_KEY, or pass --api-key.
      For a local development API, set
      TORALE_NOAUTH=1.
    `,
  );
});

Deno.test("a hint's command that does not fit starts its own line, whole; piped, nothing wraps", async () => {
  const home = await tempHome();
  const args = ["task", "list", "--profile", "work-laptop"];
  const shown = await runInProcess(args, { home, stderrIsTerminal: true, columns: 50 });
  assert.equal(shown.code, 2);
  assert.equal(
    shown.stderr,
    dedent`
      Error: Unknown profile "work-laptop"
      Known profiles: default
      Create it with:
      torale auth set-api-key --profile work-laptop
    `,
  );
  const piped = await runInProcess(args, { home, columns: 50 });
  assert.match(piped.stderr, /^Create it with: torale auth set-api-key --profile work-laptop$/m);
});

Deno.test("a coloured warning wraps under its text, the colour taking no column", async () => {
  const result = await runInProcess(["task", "list"], {
    home: await tempHome(),
    stderrIsTerminal: true,
    columns: 44,
    env: { TORALE_NOAUTH: "1", TORALE_API_URL: "https://api.example.test" },
    fetch: () => Promise.reject(new TypeError("no network in tests")),
  });
  assert.equal(result.code, 1);
  assert.ok(
    result.stderr.startsWith(
      "\x1b[33mWarning:\x1b[39m TORALE_NOAUTH=1 only works with a\n" +
        "         local development API;\n" +
        "         api.example.test is not a local\n" +
        "         address\n",
    ),
    result.stderr,
  );
});
