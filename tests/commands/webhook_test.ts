/** `torale webhook …` and `torale notifications list`, in-process against a local API. */
import assert from "node:assert/strict";
import { signatureHeader } from "../../src/api/signature.ts";
import type { ServeOptions } from "../../src/deps.ts";
import { serve as realServe } from "../../src/system/serve.ts";
import { startTestApi, type TestApi } from "../helpers/api.ts";
import {
  type CliResult,
  type InProcessOptions,
  runInProcess,
  runWithKey,
  tempHome,
} from "../helpers/cli.ts";
import { startReceiver } from "../helpers/receiver.ts";
import { createTask } from "../helpers/tasks.ts";

const MET = { answer: "Out now", condition_met: true, sources: [{ url: "https://x.example/a" }] };

/** The account's webhook config as the API holds it (secret included), bypassing the CLI. */
async function config(t: TestApi): Promise<{ url: string | null; secret: string | null }> {
  const response = await fetch(`${t.url}/api/v1/webhooks/config`, {
    headers: { Authorization: `Bearer ${t.key}` },
  });
  return await response.json();
}

async function execute(t: TestApi, id: string): Promise<string> {
  const response = await fetch(`${t.url}/api/v1/tasks/${id}/execute`, {
    method: "POST",
    headers: { Authorization: `Bearer ${t.key}` },
  });
  return (await response.json()).id;
}

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("condition never became true");
}

for (const generation of ["classic", "current"] as const) {
  Deno.test(`${generation}: webhook set then get shows the URL and that a secret is set, never the secret`, async () => {
    await using t = await startTestApi({ generation });
    const empty = await runWithKey(t, ["webhook", "get"]);
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stdout, /URL: +\(none\)/);
    assert.match(empty.stdout, /Secret: +not set/);
    const set = await runWithKey(t, ["webhook", "set", "--url", "https://hooks.example/t"]);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stderr, /✓ Webhook set/);
    const { secret } = await config(t);
    assert.ok(secret);
    const got = await runWithKey(t, ["webhook", "get", "--json"], { secrets: [secret] });
    assert.deepEqual(JSON.parse(got.stdout), {
      url: "https://hooks.example/t",
      enabled: true,
      secret_set: true,
    });
    const human = await runWithKey(t, ["webhook", "get"], { secrets: [secret] });
    assert.match(human.stdout, /Secret: +set \(hidden\)/);
    const yaml = await runWithKey(t, ["webhook", "get", "--yaml"], { secrets: [secret] });
    assert.match(yaml.stdout, /^url: https:\/\/hooks.example\/t$/m);
  });

  Deno.test(`${generation}: webhook set refuses plain http to another host with exit 2, sending nothing`, async () => {
    await using t = await startTestApi({ generation });
    const result = await runWithKey(t, ["webhook", "set", "--url", "http://hooks.example/t"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^Error: --url "http:\/\/hooks.example\/t" must use https$/m);
    assert.match(result.stderr, /localhost, 127\.0\.0\.1/);
    assert.equal((await config(t)).url, null);
    const loopback = await runWithKey(t, ["webhook", "set", "--url", "http://127.0.0.1:9/x"]);
    assert.equal(loopback.code, 0, loopback.stderr);
    assert.equal((await config(t)).url, "http://127.0.0.1:9/x");
    const notUrl = await runWithKey(t, ["webhook", "set", "--url", "hooks"]);
    assert.equal(notUrl.code, 2);
    assert.match(notUrl.stderr, /^Error: --url "hooks" is not a URL$/m);
    const both = await runWithKey(t, [
      "webhook",
      "set",
      "--url",
      "https://a.example/",
      "--enable",
      "--disable",
    ]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--enable and --disable cannot be used together/);
  });

  Deno.test(`${generation}: webhook test reports a delivery that arrived (exit 0) and one that failed (exit 1)`, async () => {
    await using t = await startTestApi({ generation });
    await using receiver = await startReceiver();
    await using failing = await startReceiver(500);
    const noUrl = await runWithKey(t, ["webhook", "test"]);
    assert.equal(noUrl.code, 2);
    assert.match(noUrl.stderr, /^Error: No webhook URL configured$/m);
    await runWithKey(t, ["webhook", "set", "--url", receiver.url]);
    const { secret } = await config(t);
    const ok = await runWithKey(t, ["webhook", "test"], { secrets: [secret!] });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, `✓ Webhook delivered successfully (HTTP 200) to ${receiver.url}\n`);
    assert.equal(receiver.got.length, 1);
    const { headers, body } = receiver.got[0];
    const t0 = Number(headers.get("x-torale-timestamp"));
    assert.equal(headers.get("x-torale-signature"), await signatureHeader(secret!, t0, body));
    const bad = await runWithKey(t, ["webhook", "test", "--url", failing.url, "--json"], {
      secrets: [secret!],
    });
    assert.equal(bad.code, 1);
    assert.deepEqual(JSON.parse(bad.stdout), {
      url: failing.url,
      success: false,
      message: "Webhook delivery failed: HTTP 500: nope",
    });
  });

  Deno.test(`${generation}: webhook test names the receiver's answer in its hint, a 401 as a secret to check`, async () => {
    await using t = await startTestApi({ generation });
    await using refusing = await startReceiver(401);
    await using failing = await startReceiver(500);
    const url = (receiver: { url: string }) => ["--url", receiver.url, "--secret", "s"];
    const refused = await runWithKey(t, ["webhook", "test", ...url(refusing)]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^The receiver answered HTTP 401: .*another secret/m);
    const broken = await runWithKey(t, ["webhook", "test", ...url(failing)]);
    assert.match(
      broken.stderr,
      /^The receiver answered HTTP 500; it must answer 2xx within 10 s\.$/m,
    );
    const gone = await runWithKey(t, [
      "webhook",
      "test",
      "--url",
      "http://127.0.0.1:9/",
      "--secret",
      "s",
    ]);
    assert.match(gone.stderr, /check it is running and reachable from the service/);
  });

  Deno.test(`${generation}: deliveries and notifications list what a met run sent`, async () => {
    // The account's webhook receives runs only with the local API's convenience on.
    await using t = await startTestApi({
      generation,
      results: { "rust 2.0 release": MET },
      deliverToAccountWebhook: true,
    });
    await using receiver = await startReceiver();
    await runWithKey(t, ["webhook", "set", "--url", receiver.url]);
    const task = await createTask(
      t,
      ["--notify-behavior", "always"].slice(generation === "current" ? 2 : 0),
    );
    await execute(t, task.id);
    await until(() => Promise.resolve(receiver.got.length === 1 ? true : undefined));
    const second = await execute(t, task.id);
    const sends = await until(async () => {
      const result = await runWithKey(t, [
        "notifications",
        "list",
        "--task",
        task.id.slice(0, 8),
        "--json",
      ]);
      const found = JSON.parse(result.stdout);
      return found.total === 1 ? found : undefined;
    });
    assert.equal(sends.sends[0].execution_id, second);
    assert.equal(sends.sends[0].recipient, "user@example.com");
    assert.equal(sends.sends[0].notification_type, "email");
    const table = await runWithKey(t, ["notifications", "list"]);
    assert.match(table.stdout, /^TIME\tCHANNEL\tRECIPIENT\tSTATUS\tTASK\tRUN\tERROR$/m);
    assert.match(
      table.stdout,
      new RegExp(`\\temail\\tuser@example.com\\tskipped\\t${task.id}\\t${second}\\t`),
    );
    const rows = await until(async () => {
      const result = await runWithKey(t, [
        "webhook",
        "deliveries",
        "--task",
        task.id.slice(0, 6),
        "--json",
      ]);
      const list = JSON.parse(result.stdout);
      return list.length === 2 ? list : undefined;
    });
    assert.equal(rows[0].http_status, 200);
    assert.equal(rows[0].attempt_number, 1);
    const human = await runWithKey(t, ["webhook", "deliveries"]);
    assert.match(human.stdout, /^TIME\tTASK\tRESULT\tHTTP\tATTEMPT\tURL\tERROR$/m);
    assert.match(human.stdout, new RegExp(`\\t${task.id}\\tdelivered\\t200\\t1\\t`));
  });

  Deno.test(`${generation}: deliveries and notifications for an unknown task: exit 1, one clear line`, async () => {
    await using t = await startTestApi({ generation });
    for (const args of [["webhook", "deliveries"], ["notifications", "list"]]) {
      const result = await runWithKey(t, [
        ...args,
        "--task",
        "00000000-0000-0000-0000-00000000abcd",
      ]);
      assert.equal(result.code, 1, result.stderr);
      assert.match(
        result.stderr,
        /^Error: Task not found: "00000000-0000-0000-0000-00000000abcd"$/m,
      );
      assert.match(result.stderr, /torale task list/);
      const empty = await runWithKey(t, args);
      assert.equal(empty.code, 0);
      assert.match(empty.stdout, /^No (webhook deliveries found|notifications sent yet)\.$/m);
    }
  });
}

Deno.test("webhook set --disable warns on the current API, whose sender ignores the switch", async () => {
  for (const generation of ["classic", "current"] as const) {
    await using t = await startTestApi({ generation });
    const result = await runWithKey(t, [
      "webhook",
      "set",
      "--url",
      "https://a.example/",
      "--disable",
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(/does not check this switch/.test(result.stderr), generation === "current");
    assert.match(result.stdout, /Enabled: +no/);
  }
});

Deno.test("webhook verify: valid exits 0; tampered, wrong secret or stale exit 1 with the reason", async () => {
  const home = await tempHome();
  const secret = "whsec-test-secret-0123456789";
  const body = '{"id":"r1","event_type":"task.condition_met"}';
  const now = Date.now();
  const t0 = Math.floor(now / 1000);
  const header = await signatureHeader(secret, t0, body);
  const run = (args: string[], stdin: string, env: Record<string, string> = {}) =>
    runInProcess(["webhook", "verify", ...args], { home, stdin, env, secrets: [secret] });
  const valid = await run(["--signature", header], body, { TORALE_WEBHOOK_SECRET: secret });
  assert.equal(valid.code, 0, valid.stderr);
  assert.equal(valid.stdout, `✓ Valid signature (t=${t0})\n`);
  const tampered = await run(["--signature", header], body.replace("r1", "r2"), {
    TORALE_WEBHOOK_SECRET: secret,
  });
  assert.equal(tampered.code, 1);
  assert.match(
    tampered.stderr,
    /^Error: Invalid signature: signature mismatch \(wrong secret or altered body\)$/m,
  );
  const wrong = await run(["--secret", "other", "--signature", header], body);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /signature mismatch/);
  const old = await signatureHeader(secret, t0 - 600, body);
  const stale = await run(["--signature", old, "--json"], body, { TORALE_WEBHOOK_SECRET: secret });
  assert.equal(stale.code, 1);
  assert.match(JSON.parse(stale.stdout).reason, /^timestamp (600|601) s old \(tolerance 300 s\)$/);
  const skipped = await run(["--signature", old, "--tolerance", "0"], body, {
    TORALE_WEBHOOK_SECRET: secret,
  });
  assert.equal(skipped.code, 0, skipped.stderr);
  const widened = await run(["--signature", old, "--tolerance", "15m"], body, {
    TORALE_WEBHOOK_SECRET: secret,
  });
  assert.equal(widened.code, 0, widened.stderr);
  const malformed = await run(["--signature", "v1=abc"], body, { TORALE_WEBHOOK_SECRET: secret });
  assert.equal(malformed.code, 1);
  assert.match(malformed.stderr, /malformed signature header/);
});

Deno.test("webhook verify without a secret or with a bad tolerance exits 2", async () => {
  const home = await tempHome();
  const none = await runInProcess(["webhook", "verify", "--signature", "t=1,v1=ab"], {
    home,
    stdin: "{}",
  });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^Error: No webhook secret$/m);
  assert.match(none.stderr, /TORALE_WEBHOOK_SECRET/);
  const bad = await runInProcess(
    ["webhook", "verify", "--secret", "s", "--signature", "t=1,v1=ab", "--tolerance", "soon"],
    { home, stdin: "{}" },
  );
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^Error: --tolerance "soon" is not a duration$/m);
});

/** Runs `webhook listen` in-process on a free port; resolves once it listens. */
async function listening(
  t: TestApi,
  args: string[] = [],
  options: Partial<InProcessOptions> = {},
  limits: Partial<ServeOptions> = {},
) {
  const interrupts: (() => void)[] = [];
  const { promise: ready, resolve } = Promise.withResolvers<number>();
  // The real server (deadlines, connection cap), told the port it got.
  const serve: typeof realServe = async (options, handler) => {
    const server = await realServe({ ...options, ...limits }, handler);
    resolve(server.port);
    return server;
  };
  const result: Promise<CliResult> = runWithKey(t, ["webhook", "listen", "--port", "0", ...args], {
    ...options,
    interrupts,
    serve,
  });
  const port = await ready;
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop(): Promise<CliResult> {
      interrupts.forEach((press) => press());
      return await result;
    },
  };
}

Deno.test("webhook listen verifies with the account secret, answers 200/401/400, prints one line each, exits 130", async () => {
  await using t = await startTestApi();
  await runWithKey(t, ["webhook", "set", "--url", "https://a.example/"]);
  const { secret } = await config(t);
  const listener = await listening(t);
  const body = JSON.stringify({
    id: "run-1",
    event_type: "task.condition_met",
    data: { task: { id: "task-1", name: "Watch" }, result: { answer: "Out\u001b[31m now" } },
  });
  const t0 = Math.floor(Date.now() / 1000);
  const post = (text: string, signature?: string) =>
    fetch(listener.url, {
      method: "POST",
      body: text,
      headers: signature ? { "X-Torale-Signature": signature, "X-Torale-Delivery": "run-1" } : {},
    });
  const good = await post(body, await signatureHeader(secret!, t0, body));
  assert.equal(good.status, 200);
  await good.body?.cancel();
  const tampered = await post(
    body.replace("Watch", "Evil"),
    await signatureHeader(secret!, t0, body),
  );
  assert.equal(tampered.status, 401);
  await tampered.body?.cancel();
  const unsigned = await post(body);
  assert.equal(unsigned.status, 400);
  await unsigned.body?.cancel();
  const result = await listener.stop();
  assert.equal(result.code, 130);
  const lines = result.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 3, result.stdout);
  // The time varies; the rest is exact, the escape sequence from the body shown, not obeyed.
  const timeless = lines.map((line) => line.replace(/ \d\d:\d\d:\d\d {2}/, " T  "));
  assert.equal(
    timeless[0],
    '✓ T  task.condition_met  task "Watch" (task-1)  delivery run-1  "Out\\e[31m now"',
  );
  assert.equal(
    timeless[1],
    '✗ T  rejected: signature mismatch (wrong secret or altered body)  task "Evil" (task-1)  delivery run-1',
  );
  assert.match(lines[2], /^✗ .* rejected: no X-Torale-Signature header {2}task "Watch"/);
  assert.match(result.stderr, /Listening for Torale webhooks on http:\/\/127\.0\.0\.1:\d+\//);
  assert.match(result.stderr, /torale webhook set --url http:\/\/127\.0\.0\.1:\d+\//);
  // Ctrl-C is how a listener ends: a summary, not an error.
  assert.match(result.stderr, /Stopped: 1 valid, 2 rejected\.\n$/);
  assert.doesNotMatch(result.stderr, /Error/);
  assert.ok(!result.stdout.includes(secret!) && !result.stderr.includes(secret!));
});

Deno.test("webhook listen --json prints JSON lines and forwards valid deliveries only", async () => {
  await using t = await startTestApi();
  await using target = await startReceiver();
  const secret = "listen-secret-0123456789";
  const listener = await listening(t, ["--json", "--secret", secret, "--forward-to", target.url]);
  const body = '{"id":"r9","event_type":"task.condition_met"}';
  const t0 = Math.floor(Date.now() / 1000);
  for (
    const [text, signature] of [
      [body, await signatureHeader(secret, t0, body)],
      [body, await signatureHeader("wrong", t0, body)],
      [body, await signatureHeader(secret, t0 - 3600, body)],
    ]
  ) {
    const response = await fetch(listener.url, {
      method: "POST",
      body: text,
      headers: { "X-Torale-Signature": signature, "X-Torale-Event": "task.condition_met" },
    });
    await response.body?.cancel();
  }
  const result = await listener.stop();
  assert.equal(result.code, 130);
  const records = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
  assert.deepEqual(records.map((r) => r.valid), [true, false, false]);
  assert.deepEqual(records[0].forwarded, { status: 200 });
  assert.deepEqual(records[0].payload, JSON.parse(body));
  assert.equal(records[1].payload, undefined);
  assert.match(records[2].reason, /^timestamp 360\d s old/);
  assert.equal(target.got.length, 1);
  assert.equal(target.got[0].body, body);
  assert.equal(target.got[0].headers.get("x-torale-event"), "task.condition_met");
});

Deno.test("webhook listen refuses a chunked body over 1 MiB once the limit is passed, not read to its end", async () => {
  await using t = await startTestApi();
  const listener = await listening(t, ["--json", "--secret", "listen-secret-0123456789"]);
  const MB = 1024 * 1024;
  let made = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      // 64 MiB at most, so that a listener that reads it all still answers.
      if (made >= 64 * MB) return controller.close();
      controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      made += 64 * 1024;
    },
  });
  const response = await fetch(listener.url, {
    method: "POST",
    body: endless,
    headers: { "X-Torale-Signature": "t=1,v1=00" },
  });
  assert.equal(response.status, 400);
  assert.deepEqual(await response.json(), { received: false, reason: "body larger than 1 MiB" });
  // What the loopback socket buffers took beyond the limit, never the whole body.
  assert(made < 16 * MB, `${made / MB} MiB were read before the 400`);
  const result = await listener.stop();
  assert.equal(result.code, 130);
  const [record] = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
  assert.equal(record.valid, false);
  assert.equal(record.reason, "body larger than 1 MiB");
});

Deno.test("webhook listen without any secret says in one line what to run, exit 2, off a terminal without asking", async () => {
  await using t = await startTestApi();
  // No prompt given: one would fail the run. stdin is a terminal, stderr is not: still no prompt.
  const result = await runWithKey(t, ["webhook", "listen", "--port", "9999"], {
    stdinIsTerminal: true,
  });
  assert.equal(result.code, 2);
  assert.equal(
    result.stderr,
    "Error: No webhook secret yet: run `torale webhook set --url http://127.0.0.1:9999/` to create one (or pass --secret or set TORALE_WEBHOOK_SECRET)\n",
  );
});

Deno.test("webhook listen on a terminal without a secret sets the webhook up when the user says yes", async () => {
  await using t = await startTestApi();
  const asked: string[] = [];
  const listener = await listening(t, [], {
    stdinIsTerminal: true,
    stderrIsTerminal: true,
    env: { NO_COLOR: "1" },
    prompt: { confirm: (question) => (asked.push(question), Promise.resolve(true)) },
  });
  const { url, secret } = await until(async () => {
    const now = await config(t);
    return now.secret ? now : undefined;
  });
  assert.equal(url, listener.url);
  const body = JSON.stringify({ id: "run-1", event_type: "task.condition_met", data: {} });
  const t0 = Math.floor(Date.now() / 1000);
  const good = await fetch(listener.url, {
    method: "POST",
    body,
    headers: { "X-Torale-Signature": await signatureHeader(secret!, t0, body) },
  });
  assert.equal(good.status, 200);
  await good.body?.cancel();
  const result = await listener.stop();
  assert.equal(result.code, 130);
  assert.deepEqual(asked, [
    "This account has no webhook secret yet. Point its webhook at this listener to create one?",
  ]);
  assert.match(
    result.stderr,
    /^✓ Webhook set to http:\/\/127\.0\.0\.1:\d+\/; the account has a secret now$/m,
  );
  assert.match(result.stdout, /^✓ \d\d:\d\d:\d\d {2}task\.condition_met/);
  assert.ok(!result.stderr.includes(secret!) && !result.stdout.includes(secret!));
});

Deno.test("webhook listen on a terminal without a secret exits 2 with the hint when the user says no", async () => {
  await using t = await startTestApi();
  const result = await runWithKey(t, ["webhook", "listen", "--port", "0"], {
    stdinIsTerminal: true,
    stderrIsTerminal: true,
    prompt: { confirm: () => Promise.resolve(false) },
  });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^Error: No webhook secret yet: run `torale webhook set --url /m);
  assert.doesNotMatch(result.stderr, /Listening/);
  assert.equal((await config(t)).url, null);
});

Deno.test("webhook listen and webhook set show their marks in real colour, server text still escaped", async () => {
  await using t = await startTestApi();
  const set = await runWithKey(t, ["webhook", "set", "--url", "https://a.example/"], {
    env: { FORCE_COLOR: "1" },
  });
  assert.equal(set.code, 0, set.stderr);
  assert(set.stderr.startsWith("\x1b[32m✓\x1b[39m Webhook set\n"), set.stderr);
  assert(!set.stderr.includes("\\e["), set.stderr);
  const { secret } = await config(t);
  const listener = await listening(t, [], { env: { FORCE_COLOR: "1" } });
  const body = JSON.stringify({
    id: "run-1",
    event_type: "task.condition_met",
    data: { task: { id: "task-1", name: "W\u001b[2Jx" }, result: { answer: "ok" } },
  });
  const t0 = Math.floor(Date.now() / 1000);
  const signed = { "X-Torale-Signature": await signatureHeader(secret!, t0, body) };
  for (const headers of [signed, {} as Record<string, string>]) {
    const response = await fetch(listener.url, { method: "POST", body, headers });
    await response.body?.cancel();
  }
  const result = await listener.stop();
  const lines = result.stdout.trimEnd().split("\n");
  const [good, bad] = lines.map((line) => line.replace(/ \d\d:\d\d:\d\d {2}/, " T  "));
  assert(good.startsWith('\x1b[32m✓\x1b[39m T  task.condition_met  task "W\\e[2Jx"'), good);
  assert(bad.startsWith("\x1b[31m✗\x1b[39m T  rejected: "), bad);
  // The only ESC characters are our two colour codes per line.
  for (const line of lines) assert.equal(line.split("\x1b").length - 1, 2, line);
});

Deno.test("webhook listen on a port in use exits 1 with one clear line", async () => {
  await using t = await startTestApi();
  using taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (taken.addr as Deno.NetAddr).port;
  const result = await runWithKey(t, [
    "webhook",
    "listen",
    "--port",
    String(port),
    "--secret",
    "listen-secret-0123456789",
  ]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, new RegExp(`^Error: Port ${port} is already in use$`, "m"));
  assert.match(result.stderr, /--port 0/);
  const badPort = await runWithKey(t, ["webhook", "listen", "--port", "70000"]);
  assert.equal(badPort.code, 2);
  const jq = await runWithKey(t, ["webhook", "listen", "--port", "0", "--jq", ".valid"]);
  assert.equal(jq.code, 2);
  assert.match(jq.stderr, /^Error: --jq does not apply to webhook listen$/m);
});
