/**
 * The notification loop end to end, as a user runs it on one machine: `torale webhook listen`
 * as a real process (the entry point with the least-privilege flags), the account's webhook
 * pointed at it, a task whose condition is met executed twice against the local API. One
 * verified delivery arrives per run; a tampered body and a wrong secret are rejected and shown
 * as rejected; `webhook deliveries` and `notifications list` list what was sent afterwards.
 */
import assert from "node:assert/strict";
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { cleanEnv } from "../../scripts/clean_env.ts";
import { signatureHeader } from "../../src/api/signature.ts";
import { startTestApi } from "../helpers/api.ts";
import { ENTRY, runSubprocess, tempHome, TORALE_BIN } from "../helpers/cli.ts";

const MET = {
  answer: "Rust 2.0 is out",
  condition_met: true,
  sources: [{ url: "https://x.example/a" }],
};

/** Lines of a child's stream as they come, and a wait for the first that matches. */
function lineReader(stream: ReadableStream<Uint8Array>) {
  const lines: string[] = [];
  let buffered = "";
  let wake: () => void = () => {};
  const done = (async () => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      buffered += chunk;
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      lines.push(...parts);
      wake();
    }
    if (buffered) lines.push(buffered);
    wake();
  })();
  return {
    lines,
    done,
    async next(match: (line: string) => boolean, from = 0): Promise<string> {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const found = lines.slice(from).find(match);
        if (found !== undefined) return found;
        await Promise.race([
          new Promise<void>((resolve) => wake = resolve),
          new Promise((resolve) => setTimeout(resolve, 200)),
        ]);
      }
      throw new Error(`no matching line; got:\n${lines.join("\n")}`);
    },
  };
}

for (const generation of ["current", "classic"] as const) {
  Deno.test(`e2e (${generation}): webhook listen receives one verified delivery per met run; forgeries are rejected`, async () => {
    // The account's webhook receives runs only with the local API's convenience on.
    await using t = await startTestApi({
      generation,
      results: { "rust 2.0 release": MET },
      deliverToAccountWebhook: true,
    });
    const home = await tempHome();
    const env = { TORALE_API_KEY: t.key, TORALE_API_URL: t.url };
    const torale = (args: string[]) => runSubprocess(args, { home, env, secrets: [t.key] });

    // The account needs a secret before listen can verify anything: set a first URL.
    assert.equal(
      (await torale(["webhook", "set", "--url", "https://placeholder.example/"])).code,
      0,
    );
    const child = new Deno.Command(TORALE_BIN ?? Deno.execPath(), {
      args: TORALE_BIN ? ["webhook", "listen", "--port", "0", "--json"] : [
        "run",
        ...cliPermissionFlags(),
        ENTRY,
        "webhook",
        "listen",
        "--port",
        "0",
        "--json",
      ],
      clearEnv: true,
      env: await cleanEnv({ HOME: home, NO_COLOR: "1", ...env }),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const out = lineReader(child.stdout);
    const err = lineReader(child.stderr);
    try {
      const listening = await err.next((line) => line.includes("Listening for Torale webhooks on"));
      const url = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(listening)![1];
      const hint = await err.next((line) => line.includes("torale webhook set --url"));
      assert.ok(hint.endsWith(`torale webhook set --url ${url}`), hint);

      // Point the account at the listener, as the hint says, then run the task.
      const set = await torale(["webhook", "set", "--url", url]);
      assert.equal(set.code, 0, set.stderr);
      const created = await torale([
        "task",
        "create",
        "-q",
        "Rust 2.0 release",
        "-c",
        "Released",
        "--name",
        "Rust watch",
        "--json",
        // Classic's default ("once") completes the task at the first met run.
        ...(generation === "classic" ? ["--notify-behavior", "always"] : []),
      ]);
      assert.equal(created.code, 0, created.stderr);
      const task = JSON.parse(created.stdout);
      assert.equal((await torale(["task", "execute", task.id])).code, 0);

      const first = JSON.parse(await out.next((line) => line.includes('"valid"')));
      assert.equal(first.valid, true, JSON.stringify(first));
      assert.equal(first.task_id, task.id);
      assert.equal(first.task_name, "Rust watch");
      assert.equal(first.summary, "Rust 2.0 is out");
      assert.equal(first.payload.data.task.id, task.id);

      // A forged delivery: a body altered after signing, and one signed with the wrong secret.
      const body = JSON.stringify(first.payload);
      const now = Math.floor(Date.now() / 1000);
      const forged = [
        {
          body: body.replace("Rust watch", "Evil watch"),
          signature: await signatureHeader("x", now, body),
        },
        { body, signature: await signatureHeader("not-the-secret", now, body) },
      ];
      for (const attempt of forged) {
        const response = await fetch(url, {
          method: "POST",
          body: attempt.body,
          headers: { "Content-Type": "application/json", "X-Torale-Signature": attempt.signature },
        });
        assert.equal(response.status, 401);
        await response.body?.cancel();
      }
      await out.next((line) => line.includes('"valid":false'), 1);
      await out.next((line) => line.includes('"valid":false') && line.includes("Rust watch"), 1);

      // A second met run: the first run only gets the welcome mail, this one is logged.
      assert.equal((await torale(["task", "execute", task.id])).code, 0);
      await out.next((line) => line.includes('"valid":true'), 3);

      const deliveries = await torale([
        "webhook",
        "deliveries",
        "--task",
        task.id.slice(0, 8),
        "--json",
      ]);
      assert.equal(deliveries.code, 0, deliveries.stderr);
      const rows = JSON.parse(deliveries.stdout);
      assert.equal(rows.length, 2, deliveries.stdout);
      assert.deepEqual(rows.map((row: { http_status: number }) => row.http_status), [200, 200]);
      assert.ok(rows.every((row: { webhook_url: string }) => row.webhook_url === url));

      let sends: { sends: { recipient: string; notification_type: string }[]; total: number } = {
        sends: [],
        total: 0,
      };
      for (let i = 0; i < 50 && sends.total === 0; i++) {
        const listed = await torale(["notifications", "list", "--task", task.id, "--json"]);
        assert.equal(listed.code, 0, listed.stderr);
        sends = JSON.parse(listed.stdout);
        if (sends.total === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(sends.total, 1);
      assert.equal(sends.sends[0].recipient, "user@example.com");
      assert.equal(sends.sends[0].notification_type, "email");
    } finally {
      child.kill("SIGINT");
      const status = await child.status;
      await out.done;
      await err.done;
      assert.equal(status.code, 130, err.lines.join("\n"));
    }
    const secret = (await (await fetch(`${t.url}/api/v1/webhooks/config`, {
      headers: { Authorization: `Bearer ${t.key}` },
    })).json()).secret;
    assert.ok(secret);
    assert.ok(![...out.lines, ...err.lines].some((line) => line.includes(secret)));
    const records = out.lines.map((line) => JSON.parse(line));
    assert.deepEqual(records.map((record) => record.valid), [true, false, false, true]);
    assert.match(records[1].reason, /signature mismatch/);
    assert.match(records[2].reason, /signature mismatch/);
  });
}

/** `webhook listen --secret S …` as a real process; its URL once it listens. */
async function spawnListener(args: string[], env: Record<string, string>) {
  const home = await tempHome();
  const child = new Deno.Command(TORALE_BIN ?? Deno.execPath(), {
    args: [
      ...(TORALE_BIN ? [] : ["run", ...cliPermissionFlags(), ENTRY]),
      "webhook",
      "listen",
      "--port",
      "0",
      "--json",
      ...args,
    ],
    clearEnv: true,
    env: await cleanEnv({ HOME: home, NO_COLOR: "1", TORALE_NOAUTH: "1", ...env }),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const out = lineReader(child.stdout);
  const err = lineReader(child.stderr);
  const listening = await err.next((line) => line.includes("Listening for Torale webhooks on"));
  const url = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(listening)![1];
  return { child, out, err, url, port: Number(new URL(url).port) };
}

Deno.test("e2e: webhook listen forwards to a loopback app directly, never through HTTP_PROXY", async () => {
  const proxied: string[] = [];
  const proxy = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    proxied.push(request.url);
    return new Response("from the proxy");
  });
  const got: string[] = [];
  const app = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    got.push(await request.text());
    return new Response("ok");
  });
  const proxyUrl = `http://127.0.0.1:${proxy.addr.port}`;
  const secret = "listen-secret-0123456789";
  const listener = await spawnListener(
    ["--secret", secret, "--forward-to", `http://127.0.0.1:${app.addr.port}/hook`],
    { HTTP_PROXY: proxyUrl, http_proxy: proxyUrl, ALL_PROXY: proxyUrl },
  );
  try {
    const body = '{"id":"via"}';
    const response = await fetch(listener.url, {
      method: "POST",
      body,
      headers: {
        "X-Torale-Signature": await signatureHeader(secret, Math.floor(Date.now() / 1000), body),
      },
    });
    assert.equal(response.status, 200);
    await response.body?.cancel();
    const record = JSON.parse(await listener.out.next((line) => line.includes('"valid"')));
    assert.deepEqual(record.forwarded, { status: 200 });
    assert.deepEqual(got, [body]);
    assert.deepEqual(proxied, []);
  } finally {
    listener.child.kill("SIGINT");
    await listener.child.status;
    await listener.out.done;
    await listener.err.done;
    await proxy.shutdown();
    await app.shutdown();
  }
});

Deno.test("e2e: the first Ctrl-C ends webhook listen at once while a body trickles in", async () => {
  const listener = await spawnListener(["--secret", "listen-secret-0123456789"], {});
  const trickle = await Deno.connect({ hostname: "127.0.0.1", port: listener.port });
  try {
    const encoder = new TextEncoder();
    await trickle.write(
      encoder.encode("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"),
    );
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await trickle.write(encoder.encode("x"));
    }
    const started = Date.now();
    listener.child.kill("SIGINT");
    // Bounded: a listener that waits for the body is killed and the test fails, not hangs.
    const timer = setTimeout(() => listener.child.kill("SIGKILL"), 5_000);
    const status = await listener.child.status;
    clearTimeout(timer);
    const ms = Date.now() - started;
    await listener.out.done;
    await listener.err.done;
    assert.equal(status.code, 130, listener.err.lines.join("\n"));
    assert.ok(ms < 2_000, `Ctrl-C took ${ms} ms`);
    assert.ok(listener.err.lines.some((line) => line.includes("Stopped: 0 valid, 0 rejected.")));
  } finally {
    trickle.close();
  }
});
