/**
 * `webhook listen` against hostile clients, in-process on 127.0.0.1: requests that never finish
 * arriving, more idle connections than it holds, Ctrl-C while a body trickles in, forwards that
 * hang or loop, and unsigned posts carrying bidi and C1 characters. Loads stay small (a few
 * hundred connections) and every wait is bounded.
 */
import assert from "node:assert/strict";
import { signatureHeader } from "../../src/api/signature.ts";
import { LISTEN_LIMITS } from "../../src/commands/webhook/listen.ts";
import type { ServeOptions } from "../../src/deps.ts";
import { serve as realServe } from "../../src/system/serve.ts";
import { startTestApi, type TestApi } from "../helpers/api.ts";
import { type CliResult, runWithKey } from "../helpers/cli.ts";
import { startReceiver } from "../helpers/receiver.ts";

const SECRET = "listen-secret-0123456789";
const encoder = new TextEncoder();

/** Runs `webhook listen` in-process on a free port with the real server; resolves once it listens. */
async function listening(t: TestApi, args: string[], limits: Partial<ServeOptions> = {}) {
  const interrupts: (() => void)[] = [];
  const { promise: ready, resolve } = Promise.withResolvers<number>();
  const serve: typeof realServe = async (options, handler) => {
    const server = await realServe({ ...options, ...limits }, handler);
    resolve(server.port);
    return server;
  };
  const result: Promise<CliResult> = runWithKey(
    t,
    ["webhook", "listen", "--port", "0", "--secret", SECRET, ...args],
    { interrupts, serve },
  );
  const port = await Promise.race([ready, result.then((r) => Promise.reject(new Error(r.stderr)))]);
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    result,
    /** Presses Ctrl-C; the run's result and how long it took to end. */
    async stop(): Promise<CliResult & { ms: number }> {
      const started = Date.now();
      interrupts.forEach((press) => press());
      // Bounded, so that a listener Ctrl-C cannot end fails here instead of hanging the suite.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = await Promise.race([
        result,
        new Promise<never>((_, reject) =>
          timer = setTimeout(
            () => reject(new Error("Ctrl-C did not end the listener in 5 s")),
            5_000,
          )
        ),
      ]).finally(() => clearTimeout(timer));
      return { ...done, ms: Date.now() - started };
    },
  };
}

/** What a raw connection reads until the peer closes or `ms` pass. */
async function readUntilClosed(conn: Deno.Conn, ms: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  const timer = setTimeout(() => conn.close(), ms);
  try {
    const buffer = new Uint8Array(4096);
    for (;;) {
      const n = await conn.read(buffer).catch(() => null);
      if (n === null) break;
      chunks.push(buffer.slice(0, n));
    }
  } finally {
    clearTimeout(timer);
  }
  try {
    conn.close();
  } catch {
    // closed by the timer
  }
  return new TextDecoder().decode(new Uint8Array(chunks.flatMap((chunk) => [...chunk])));
}

async function signedPost(url: string, body: string, t = Math.floor(Date.now() / 1000)) {
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "X-Torale-Signature": await signatureHeader(SECRET, t, body) },
  });
  await response.body?.cancel();
  return response.status;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("webhook listen answers 408 and closes a request whose head or body does not arrive within the read deadline", async () => {
  await using t = await startTestApi();
  const listener = await listening(t, ["--json"], { readTimeoutMs: 400 });
  const started = Date.now();
  // Half a head, then silence; and a whole head whose body trickles in a byte at a time.
  const silent = await Deno.connect({ hostname: "127.0.0.1", port: listener.port });
  await silent.write(encoder.encode("POST / HTTP/1.1\r\nHost: x\r\n"));
  const trickle = await Deno.connect({ hostname: "127.0.0.1", port: listener.port });
  await trickle.write(encoder.encode("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"));
  let dripping = true;
  const drip = (async () => {
    for (let i = 0; i < 40 && dripping; i++) {
      await sleep(100);
      await trickle.write(encoder.encode("x")).catch(() => dripping = false);
    }
  })();
  const [first, second] = await Promise.all([
    readUntilClosed(silent, 5_000),
    readUntilClosed(trickle, 5_000),
  ]);
  dripping = false;
  await drip;
  const ms = Date.now() - started;
  assert.match(first, /^HTTP\/1\.1 408 /);
  assert.match(second, /^HTTP\/1\.1 408 /);
  assert.ok(ms < 2_500, `closed after ${ms} ms, deadline 400 ms`);
  // Still serving: a delivery after them is verified.
  assert.equal(await signedPost(listener.url, '{"id":"after"}'), 200);
  const result = await listener.stop();
  assert.equal(result.code, 130);
  assert.match(result.stdout, /"valid":true/);
});

Deno.test("webhook listen holds at most 64 connections: 300 idle ones get 503 past the cap, and it serves again once they go", async () => {
  await using t = await startTestApi();
  const listener = await listening(t, ["--json"]);
  assert.equal(LISTEN_LIMITS.maxConnections, 64);
  const idle: Deno.Conn[] = [];
  try {
    for (let i = 0; i < 300; i++) {
      idle.push(await Deno.connect({ hostname: "127.0.0.1", port: listener.port }));
    }
    // Those past the cap are answered at once and closed; the first 64 stay open.
    const answers = await Promise.all(idle.slice(64).map((conn) => readUntilClosed(conn, 3_000)));
    assert.ok(
      answers.every((answer) => answer.startsWith("HTTP/1.1 503 ")),
      answers.find((answer) => !answer.startsWith("HTTP/1.1 503 ")),
    );
    const over = await fetch(listener.url, { method: "POST", body: "{}" });
    assert.equal(over.status, 503);
    await over.body?.cancel();
  } finally {
    for (const conn of idle.slice(0, 64)) conn.close();
  }
  let status = 0;
  for (let i = 0; i < 50 && status !== 200; i++) {
    status = await signedPost(listener.url, '{"id":"back"}');
    if (status !== 200) await sleep(50);
  }
  assert.equal(status, 200);
  const result = await listener.stop();
  assert.equal(result.code, 130);
});

Deno.test("webhook listen stops at the first Ctrl-C while a body trickles in and idle connections are open", async () => {
  await using t = await startTestApi();
  // The real deadline (10 s): Ctrl-C must not wait for it.
  const listener = await listening(t, []);
  const idle = await Promise.all(
    Array.from({ length: 20 }, () => Deno.connect({ hostname: "127.0.0.1", port: listener.port })),
  );
  const trickle = await Deno.connect({ hostname: "127.0.0.1", port: listener.port });
  await trickle.write(
    encoder.encode("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"),
  );
  await sleep(200);
  const result = await listener.stop();
  assert.equal(result.code, 130);
  assert.ok(result.ms < 1_500, `Ctrl-C took ${result.ms} ms`);
  assert.match(result.stderr, /Stopped: 0 valid, 0 rejected\./);
  for (const conn of [...idle, trickle]) assert.equal(await readUntilClosed(conn, 2_000), "");
});

Deno.test("webhook listen --forward-to gives up on an app that never answers, and Ctrl-C ends a forward under way", async () => {
  await using t = await startTestApi();
  const hung = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of hung) held.push(conn);
  })();
  const target = `http://127.0.0.1:${hung.addr.port}/hook`;
  const saved = LISTEN_LIMITS.forwardTimeoutMs;
  LISTEN_LIMITS.forwardTimeoutMs = 300;
  try {
    const listener = await listening(t, ["--json", "--forward-to", target]);
    const started = Date.now();
    assert.equal(await signedPost(listener.url, '{"id":"r1"}'), 200);
    assert.ok(Date.now() - started < 3_000);
    LISTEN_LIMITS.forwardTimeoutMs = 60_000;
    const late = await listening(t, ["--json", "--forward-to", target]);
    const pending = signedPost(late.url, '{"id":"r2"}').catch(() => 0);
    await sleep(300);
    const stopped = await late.stop();
    assert.equal(stopped.code, 130);
    assert.ok(stopped.ms < 2_000, `Ctrl-C took ${stopped.ms} ms`);
    await pending;
    const result = await listener.stop();
    const [record] = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
    assert.deepEqual(record.forwarded, { error: "no answer within 0.3 s" });
  } finally {
    LISTEN_LIMITS.forwardTimeoutMs = saved;
    hung.close();
    await accepting.catch(() => {});
    held.forEach((conn) => conn.close());
  }
});

Deno.test("webhook listen refuses --forward-to that points at itself (exit 2)", async () => {
  await using t = await startTestApi();
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = probe.addr.port;
  probe.close();
  for (const target of [`http://127.0.0.1:${port}/`, `http://localhost:${port}/x`]) {
    const result = await runWithKey(t, [
      "webhook",
      "listen",
      "--port",
      String(port),
      "--secret",
      SECRET,
      "--forward-to",
      target,
    ]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /^Error: --forward-to ".*" is this listener \(port \d+\)$/m);
  }
});

Deno.test("webhook listen marks forwards and answers 508 to a delivery that comes back through another hop, forwarding it once", async () => {
  await using t = await startTestApi();
  let listenerUrl = "";
  let relayed = 0;
  // An app that sends every delivery back to the listener, headers and all.
  const relay = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    relayed++;
    if (relayed > 5) return new Response("loop", { status: 500 });
    const back = await fetch(listenerUrl, {
      method: "POST",
      headers: request.headers,
      body: await request.arrayBuffer(),
    });
    await back.body?.cancel();
    return new Response(null, { status: back.status });
  });
  try {
    const listener = await listening(t, [
      "--json",
      "--forward-to",
      `http://127.0.0.1:${relay.addr.port}/`,
    ]);
    listenerUrl = listener.url;
    assert.equal(await signedPost(listener.url, '{"id":"loop"}'), 200);
    const result = await listener.stop();
    assert.equal(relayed, 1);
    const records = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
    assert.equal(records.length, 2, result.stdout);
    assert.match(records[0].forwarded.error, /came back to this listener/);
    assert.deepEqual(records[1].forwarded, { status: 508 });
  } finally {
    await relay.shutdown();
  }
});

Deno.test("webhook listen --forward-to sends the X-Torale-Forwarded-By mark to the app", async () => {
  await using t = await startTestApi();
  await using app = await startReceiver();
  const listener = await listening(t, ["--json", "--forward-to", app.url]);
  assert.equal(await signedPost(listener.url, '{"id":"m"}'), 200);
  await listener.stop();
  assert.match(app.got[0].headers.get("x-torale-forwarded-by") ?? "", /^[0-9a-f]{8}-[0-9a-f]{4}$/);
});

Deno.test("webhook listen --json and --yaml lines escape bidi and C1 characters from unsigned posts, as data", async () => {
  await using t = await startTestApi();
  const name = "evil\u202egnp.exe\u009b31m";
  const body = JSON.stringify({ data: { task: { id: "t1", name } } });
  for (const format of ["--json", "--yaml"]) {
    const listener = await listening(t, [format]);
    const response = await fetch(listener.url, { method: "POST", body });
    await response.body?.cancel();
    const result = await listener.stop();
    assert.doesNotMatch(result.stdout, /[\u202e\u009b]/);
    assert.match(result.stdout, /evil\\u202egnp\.exe\\u009b31m/);
    assert.equal(JSON.parse(result.stdout).task_name, name);
  }
});

Deno.test("webhook listen --tolerance 0 skips the timestamp check, as webhook verify does", async () => {
  await using t = await startTestApi();
  const listener = await listening(t, ["--json", "--tolerance", "0"]);
  const yearAgo = Math.floor(Date.now() / 1000) - 365 * 86400;
  assert.equal(await signedPost(listener.url, '{"id":"old"}', yearAgo), 200);
  const result = await listener.stop();
  assert.equal(JSON.parse(result.stdout).valid, true);
  // A live receiver that accepts replays says so when it starts.
  assert.match(result.stderr, /Warning: --tolerance 0: timestamps are not checked/);
  const strict = await listening(t, ["--json", "--tolerance", "1"]);
  assert.equal(await signedPost(strict.url, '{"id":"old"}', yearAgo), 401);
  const strictResult = await strict.stop();
  assert.doesNotMatch(strictResult.stderr, /timestamps are not checked/);
});
