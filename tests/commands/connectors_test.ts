/**
 * `torale connectors` against the local API: the toolkits, the user's connections, connect
 * (the URL shown, a browser opened only at a terminal, the wait until ACTIVE, FAILED, the
 * timeout, Ctrl-C), disconnect, and the refusal on the classic API.
 */
import assert from "node:assert/strict";
import { startTestApi, type TestApi } from "../helpers/api.ts";
import { runNoAuth, runWithKey } from "../helpers/cli.ts";
import { browsingFetch, connectActive } from "../helpers/connectors.ts";
import { currentHealth, json, type Stub, stubFetch } from "../helpers/fetch_stub.ts";

function startCurrent(): Promise<TestApi> {
  return startTestApi({ generation: "current" });
}

Deno.test("connectors available lists the service's toolkits; --json prints them as the API sends them", async () => {
  await using api = await startCurrent();
  const table = await runWithKey(api, ["connectors", "available"]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^TOOLKIT\tNAME\tDESCRIPTION\n/);
  assert.match(table.stdout, /\nlinear\tLinear\tLets the agent read issues, projects/);
  const json = await runWithKey(api, ["connectors", "available", "--json"]);
  assert.deepEqual(JSON.parse(json.stdout).map((t: { slug: string }) => t.slug), [
    "notion",
    "linear",
    "github",
  ]);
});

Deno.test("connectors list shows each connection's status and reason; none says so", async () => {
  await using api = await startCurrent();
  const empty = await runWithKey(api, ["connectors", "list"]);
  assert.equal(empty.code, 0, empty.stderr);
  assert.equal(empty.stdout, "No connectors connected.\n");
  assert.match(empty.stderr, /torale connectors connect <toolkit>/);
  await connectActive(api, "github");
  await runWithKey(api, ["connectors", "connect", "notion", "--no-wait"]);
  const table = await runWithKey(api, ["connectors", "list"]);
  const rows = table.stdout.trim().split("\n").map((line) => line.split("\t"));
  assert.deepEqual(rows[0], ["TOOLKIT", "NAME", "STATUS", "CONNECTED", "LAST USED", "REASON"]);
  assert.deepEqual(rows.slice(1).map((row) => [row[0], row[2]]), [
    ["notion", "INITIATED"],
    ["github", "ACTIVE"],
  ]);
  assert.match(rows[2][3], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
  const json = JSON.parse((await runWithKey(api, ["connectors", "list", "--json"])).stdout);
  assert.deepEqual(Object.keys(json[0]), [
    "toolkit_slug",
    "display_name",
    "status",
    "status_reason",
    "connected_at",
    "last_used_at",
  ]);
});

Deno.test("connectors connect off a terminal: the URL on stderr, no browser, waits until the page is opened", async () => {
  await using api = await startCurrent();
  const browser = browsingFetch({ poll: 2 });
  // runInProcess's default opener fails the run if it is called.
  const result = await runWithKey(api, ["connectors", "connect", "linear", "--json"], {
    fetch: browser.fetch,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stderr,
    /Open this URL in a browser to connect linear:\n {2}http:\/\/127\.0\.0\.1:\d+\/local\/connectors\/authorize\?/,
  );
  assert.doesNotMatch(result.stderr, /browser\.|Opened/);
  const connection = JSON.parse(result.stdout);
  assert.deepEqual([connection.toolkit_slug, connection.status], ["linear", "ACTIVE"]);
  // One connect, then checks until the approval shows.
  assert.deepEqual(browser.requests.filter((r) => r.includes("connectors")), [
    "POST /api/v1/connectors/linear/connect",
    "GET /api/v1/connectors",
    "GET /api/v1/connectors",
  ]);
});

Deno.test("connectors connect at a terminal opens the browser with the URL; not in CI, not with --no-browser", async (t) => {
  await t.step("at a terminal: opened, and the wait ends when the page is", async () => {
    await using api = await startCurrent();
    const opened: string[] = [];
    const result = await runWithKey(api, ["connectors", "connect", "notion"], {
      stdinIsTerminal: true,
      stderrIsTerminal: true,
      openBrowser: async (url) => {
        opened.push(url);
        await (await fetch(url)).body?.cancel();
        return true;
      },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(opened.length, 1);
    assert.match(opened[0], /\/local\/connectors\/authorize\?.*toolkit=notion/);
    assert.match(result.stderr, /Opened it in your browser/);
    assert.match(result.stdout, /✓ Connected Notion \(notion\)/);
  });
  await t.step("an opener that fails: the user is told to open it", async () => {
    await using api = await startCurrent();
    const result = await runWithKey(api, ["connectors", "connect", "notion"], {
      stdinIsTerminal: true,
      stderrIsTerminal: true,
      fetch: browsingFetch().fetch,
      openBrowser: () => Promise.resolve(false),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /No browser could be opened: open the URL above yourself/);
  });
  for (
    const [name, extra, env] of [
      ["CI set", [], { CI: "true" }],
      ["--no-browser", ["--no-browser"], {}],
    ] as const
  ) {
    await t.step(`${name}: not opened`, async () => {
      await using api = await startCurrent();
      const result = await runWithKey(api, ["connectors", "connect", "notion", ...extra], {
        stdinIsTerminal: true,
        stderrIsTerminal: true,
        env,
        fetch: browsingFetch().fetch,
      });
      assert.equal(result.code, 0, result.stderr);
    });
  }
});

Deno.test("connectors connect: a declined approval exits 1 with the reason, made safe", async (t) => {
  await t.step("declined on the page: FAILED, callback_status=failed", async () => {
    await using api = await startCurrent();
    const result = await runWithKey(api, ["connectors", "connect", "github"], {
      fetch: browsingFetch({ suffix: "&outcome=failed" }).fetch,
    });
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /Error: The connection to github is FAILED\nReason: callback_status=failed\nTry again with: torale connectors connect github/,
    );
  });
  await t.step("a reason with control characters is shown escaped", async () => {
    await using api = await startCurrent();
    const fail = () =>
      api.api.db.prepare(
        "UPDATE user_connectors SET status = 'EXPIRED', status_reason = ? WHERE toolkit_slug = 'github'",
      ).run("token \x1b[31mrevoked");
    const result = await runWithKey(api, ["connectors", "connect", "github"], {
      fetch: browsingFetch({ instead: fail }).fetch,
    });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /is EXPIRED\nReason: token \\e\[31mrevoked/);
    assert(!result.stderr.includes("\x1b"), "a raw escape reached stderr");
  });
});

Deno.test("connectors connect: --timeout bounds the wait (exit 124); Ctrl-C ends it (exit 130)", async (t) => {
  await t.step("never approved: 124 after --timeout", async () => {
    await using api = await startCurrent();
    const sleeps: number[] = [];
    const result = await runWithKey(api, ["connectors", "connect", "linear", "--timeout", "30s"], {
      virtualTime: true,
      sleeps,
    });
    assert.equal(result.code, 124, result.stderr);
    assert.match(result.stderr, /Timed out after 30 s waiting for the connection to linear/);
    assert.equal(sleeps.reduce((a, b) => a + b, 0), 30_000);
    // The pauses grow from 2 s while nothing changes, up to 10 s.
    assert.deepEqual(sleeps.slice(0, 4), [2000, 4000, 8000, 10000]);
  });
  await t.step("Ctrl-C while waiting: 130", async () => {
    await using api = await startCurrent();
    const interrupts: (() => void)[] = [];
    const result = await runWithKey(api, ["connectors", "connect", "linear"], {
      interrupts,
      fetch: browsingFetch({ instead: () => interrupts.forEach((press) => press()) }).fetch,
    });
    assert.equal(result.code, 130, result.stderr);
  });
});

Deno.test("connectors connect --no-wait prints the URL as the result; a connected toolkit says so; an unknown one is 404", async (t) => {
  await using api = await startCurrent();
  await t.step("--no-wait: the URL on stdout, nothing waited for", async () => {
    const result = await runWithKey(api, ["connectors", "connect", "linear", "--no-wait"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^http:\/\/127\.0\.0\.1:\d+\/local\/connectors\/authorize\?\S+\n$/);
    const json = await runWithKey(api, ["connectors", "connect", "linear", "--no-wait", "--json"]);
    assert.deepEqual(Object.keys(JSON.parse(json.stdout)), ["toolkit_slug", "redirect_url"]);
  });
  await t.step("already ACTIVE: no URL, exit 0", async () => {
    await connectActive(api, "notion");
    const result = await runWithKey(api, ["connectors", "connect", "notion", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).status, "ACTIVE");
    assert.doesNotMatch(result.stderr, /Open this URL/);
  });
  await t.step("unknown toolkit: exit 1 naming it", async () => {
    const result = await runWithKey(api, ["connectors", "connect", "slack"]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /Error: Unknown toolkit: "slack"\nSee the toolkits there are with: torale connectors available/,
    );
  });
});

Deno.test("connectors disconnect revokes with --yes, asks at a terminal, refuses off one; not connected is exit 1", async (t) => {
  await using api = await startCurrent();
  await connectActive(api, "notion");
  await t.step("off a terminal without --yes: exit 2, nothing sent", async () => {
    const result = await runWithKey(api, ["connectors", "disconnect", "notion"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Refusing to disconnect without --yes/);
  });
  await t.step("at a terminal, declined: kept", async () => {
    const result = await runWithKey(api, ["connectors", "disconnect", "notion"], {
      stdinIsTerminal: true,
      prompt: { confirm: () => Promise.resolve(false) },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Cancelled/);
    const list = await runWithKey(api, ["connectors", "list", "--jq", ".[].toolkit_slug"]);
    assert.equal(list.stdout, "notion\n");
  });
  await t.step("--yes: revoked", async () => {
    const result = await runWithKey(api, ["connectors", "rm", "notion", "--yes", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      toolkit_slug: "notion",
      status: "disconnected",
    });
    assert.equal((await runWithKey(api, ["connectors", "list", "--json"])).stdout.trim(), "[]");
  });
  await t.step("again: exit 1, not connected", async () => {
    const result = await runWithKey(api, ["connectors", "disconnect", "notion", "--yes"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Error: Not connected: "notion"/);
  });
});

Deno.test("every connectors command refuses the classic API with exit 2 before sending anything", async (t) => {
  await using api = await startTestApi();
  for (
    const args of [
      ["available"],
      ["list"],
      ["connect", "notion"],
      ["connect", "notion", "--no-wait"],
      ["disconnect", "notion", "--yes"],
    ]
  ) {
    await t.step(args.join(" "), async () => {
      const result = await runWithKey(api, ["connectors", ...args]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(
        result.stderr,
        /^Error: `torale connectors \S+` needs the current Torale API; http:\/\/127\.0\.0\.1:\d+ speaks the classic one\nConnectors \(Notion, Linear, GitHub\) arrived in the April 2026 API\. Nothing was sent\./,
      );
      assert.equal(result.stdout, "");
    });
  }
});

Deno.test("connector slugs complete from the service's toolkits", async () => {
  await using api = await startCurrent();
  const result = await runWithKey(api, ["__complete", "connectors", "connect", "li"]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.stdout.trim().split("\n"), ["linear"]);
  const flag = await runWithKey(api, ["__complete", "task", "create", "--connector", ""]);
  assert.deepEqual(flag.stdout.trim().split("\n"), ["notion", "linear", "github"]);
});

Deno.test("a toolkit that cannot be a slug is a usage error before any request", async () => {
  await using api = await startCurrent();
  for (const args of [["connect", "Not A Slug"], ["disconnect", "\x1b[31m", "--yes"]]) {
    const result = await runWithKey(api, ["connectors", ...args], {
      fetch: () => Promise.reject(new Error("no request expected")),
    });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /^Error: Invalid toolkit /);
    assert(!result.stderr.includes("\x1b"), "a raw escape reached stderr");
  }
});

/** A connection as the API lists it. */
function connection(status: string | null, extra: Record<string, unknown> = {}) {
  return {
    toolkit_slug: "linear",
    display_name: "Linear",
    status,
    status_reason: null,
    connected_at: null,
    last_used_at: null,
    ...extra,
  };
}

Deno.test("connectors connect against stubs: what the server says is never obeyed raw", async (t) => {
  const connect = (redirect: unknown): Stub => ({
    method: "POST",
    path: "/api/v1/connectors/linear/connect",
    respond: () => json(200, { redirect_url: redirect }),
  });
  const list = (...rows: unknown[]): Stub => ({
    method: "GET",
    path: "/api/v1/connectors",
    respond: () => json(200, rows),
  });
  await t.step("a redirect that is not a web address: exit 1, no browser", async () => {
    const stub = stubFetch([currentHealth, connect("javascript:alert(1)")]);
    const result = await runNoAuth(["connectors", "connect", "linear"], {
      fetch: stub.fetch,
      stdinIsTerminal: true,
      stderrIsTerminal: true,
    });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /Error: The API answered a connect URL that is not a web address/);
    stub.assertDone();
  });
  await t.step("a status with control characters: escaped in the spinner's text too", async () => {
    const stub = stubFetch([
      currentHealth,
      connect("https://auth.example/x"),
      list(connection("\x1b]0;owned\x07")),
      list(connection("ACTIVE")),
    ]);
    const result = await runNoAuth(["connectors", "connect", "linear", "--no-browser"], {
      fetch: stub.fetch,
      stderrIsTerminal: true,
      columns: 200,
    });
    assert.equal(result.code, 0, result.stderr);
    assert(!result.stderr.includes("\x1b]"), JSON.stringify(result.stderr));
    assert.match(result.stderr, /it is \\e\]0;owned/);
    stub.assertDone();
  });
  await t.step(
    "no URL (active already) but not listed ACTIVE: exit 1, never 'connected'",
    async () => {
      for (const rows of [[], [connection("EXPIRED")]]) {
        const stub = stubFetch([currentHealth, connect(null), list(...rows)]);
        const result = await runNoAuth(["connectors", "connect", "linear"], { fetch: stub.fetch });
        assert.equal(result.code, 1, result.stderr);
        assert.equal(result.stdout, "");
        assert.match(
          result.stderr,
          /Error: The API answered that linear is connected already, but (does not list it|lists it as EXPIRED)/,
        );
        stub.assertDone();
      }
    },
  );
  await t.step("a URL with a newline shows on one line, as the browser gets it", async () => {
    const sneaky = "https://auth.example/x\nError: your token expired\ty";
    const stub = stubFetch([
      currentHealth,
      connect(sneaky),
      currentHealth,
      connect(sneaky),
      list(connection("ACTIVE")),
    ]);
    const printed = await runNoAuth(["connectors", "connect", "linear", "--no-wait"], {
      fetch: stub.fetch,
    });
    assert.equal(printed.code, 0, printed.stderr);
    assert.equal(
      printed.stdout,
      "https://auth.example/xError:%20your%20token%20expiredy\n",
    );
    const opened: string[] = [];
    const waited = await runNoAuth(["connectors", "connect", "linear"], {
      fetch: stub.fetch,
      stdinIsTerminal: true,
      stderrIsTerminal: true,
      openBrowser: (url) => Promise.resolve(opened.push(url) > 0),
    });
    assert.equal(waited.code, 0, waited.stderr);
    assert.deepEqual(opened, ["https://auth.example/xError:%20your%20token%20expiredy"]);
    assert.doesNotMatch(waited.stderr, /\nError: your token/);
    stub.assertDone();
  });
  await t.step("the connection gone while waiting: exit 1", async () => {
    const stub = stubFetch([currentHealth, connect("https://auth.example/x"), list()]);
    const result = await runNoAuth(["connectors", "connect", "linear"], { fetch: stub.fetch });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /Error: The connection to linear was removed while waiting/);
    stub.assertDone();
  });
});
