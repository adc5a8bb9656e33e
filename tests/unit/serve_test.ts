/** The HTTP/1.1 server of `webhook listen` (src/system/serve.ts), spoken to over raw TCP. */
import assert from "node:assert/strict";
import { exchange } from "../helpers/raw_http.ts";
import { serve } from "../../src/system/serve.ts";

const encoder = new TextEncoder();

async function echoServer() {
  const seen: { method: string; path: string; body: string; header: string | null }[] = [];
  const server = await serve({ hostname: "127.0.0.1", port: 0 }, async (request) => {
    const body = await request.text();
    seen.push({
      method: request.method,
      path: new URL(request.url).pathname,
      body,
      header: request.headers.get("x-torale-signature"),
    });
    return Response.json({ length: body.length }, { status: 201 });
  });
  return { server, seen };
}

Deno.test("serve reads a Content-Length body and a chunked one, answers with the handler's response and closes", async () => {
  const { server, seen } = await echoServer();
  try {
    const fixed = await exchange(
      server.port,
      "POST /a HTTP/1.1\r\nHost: x\r\nX-Torale-Signature: t=1,v1=ab\r\nContent-Length: 5\r\n\r\nhello",
    );
    assert.match(fixed, /^HTTP\/1\.1 201 /);
    assert.match(fixed, /connection: close/i);
    assert.match(fixed, /\r\n\r\n\{"length":5\}$/);
    const chunked = await exchange(server.port, [
      "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
      "3\r\nabc\r\n",
      "4;ext=1\r\ndefg\r\n0\r\nTrailer: y\r\n\r\n",
    ]);
    assert.match(chunked, /^HTTP\/1\.1 201 /);
    assert.deepEqual(seen, [
      { method: "POST", path: "/a", body: "hello", header: "t=1,v1=ab" },
      { method: "POST", path: "/b", body: "abcdefg", header: null },
    ]);
  } finally {
    await server.shutdown();
  }
});

Deno.test("serve answers Expect: 100-continue before reading the body", async () => {
  const { server, seen } = await echoServer();
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
    await conn.write(
      encoder.encode(
        "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n",
      ),
    );
    const buffer = new Uint8Array(256);
    const n = await conn.read(buffer);
    assert.equal(new TextDecoder().decode(buffer.subarray(0, n!)), "HTTP/1.1 100 Continue\r\n\r\n");
    await conn.write(encoder.encode("ok"));
    const m = await conn.read(buffer);
    assert.match(new TextDecoder().decode(buffer.subarray(0, m!)), /^HTTP\/1\.1 201 /);
    conn.close();
    assert.equal(seen[0].body, "ok");
  } finally {
    await server.shutdown();
  }
});

Deno.test("serve refuses a malformed request line (400), a head over 16 KiB (431) and bad chunk framing (400)", async () => {
  const { server, seen } = await echoServer();
  try {
    assert.match(await exchange(server.port, "HELLO\r\n\r\n"), /^HTTP\/1\.1 400 /);
    assert.match(await exchange(server.port, "TRACE / HTTP/1.1\r\n\r\n"), /^HTTP\/1\.1 400 /);
    assert.match(
      await exchange(server.port, "POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n"),
      /^HTTP\/1\.1 400 /,
    );
    assert.match(
      await exchange(server.port, `POST / HTTP/1.1\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`),
      /^HTTP\/1\.1 431 /,
    );
    assert.match(
      await exchange(
        server.port,
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
      ),
      /^HTTP\/1\.1 400 /,
    );
    assert.deepEqual(seen, []);
  } finally {
    await server.shutdown();
  }
});

Deno.test("serve's shutdown waits at most a moment for a handler that never answers", async () => {
  const { promise: never } = Promise.withResolvers<Response>();
  const server = await serve({ hostname: "127.0.0.1", port: 0 }, async (request) => {
    await request.text();
    return await never;
  });
  const answer = exchange(server.port, "POST / HTTP/1.1\r\nContent-Length: 1\r\n\r\nx");
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = Date.now();
  await server.shutdown();
  const ms = Date.now() - started;
  assert.ok(ms < 2_000, `shutdown took ${ms} ms`);
  assert.equal(await answer, "");
});

Deno.test("a body sent a byte at a time holds a byte per read, not a read buffer each", async () => {
  const { Connection } = await import("../../src/system/http_connection.ts");
  let sent = 0;
  const conn = {
    read(buffer: Uint8Array): Promise<number | null> {
      if (sent === 100) return Promise.resolve(null);
      buffer[0] = 0x78;
      sent++;
      return Promise.resolve(1);
    },
    write: (bytes: Uint8Array) => Promise.resolve(bytes.length),
    close() {},
  } as unknown as Deno.Conn;
  const connection = new Connection(conn, 60_000);
  try {
    const kept: Uint8Array[] = [];
    for (let part = await connection.read(1024); part; part = await connection.read(1024)) {
      kept.push(part);
    }
    assert.equal(kept.length, 100);
    // What a kept part keeps alive is its own memory: 1 byte, not the 64 KiB it was read into.
    assert(kept.every((part) => part.buffer.byteLength === 1), "a part holds its read buffer");
  } finally {
    connection.close();
  }
});

Deno.test("serve writes an event stream as it comes, chunked, and cancels it when the client goes", async () => {
  const { promise: cancelled, resolve: onCancel } = Promise.withResolvers<void>();
  let push: ((text: string) => void) | undefined;
  const server = await serve({ hostname: "127.0.0.1", port: 0 }, () =>
    Promise.resolve(
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            push = (text) => controller.enqueue(encoder.encode(text));
          },
          cancel: () => onCancel(),
        }),
        { headers: { "content-type": "text/event-stream" } },
      ),
    ));
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
  try {
    await conn.write(encoder.encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    while (!push) await new Promise((resolve) => setTimeout(resolve, 10));
    push("data: one\n\n");
    let text = "";
    const buffer = new Uint8Array(4096);
    while (!text.includes("data: one")) {
      const n = await conn.read(buffer);
      assert.ok(n !== null, `closed early: ${text}`);
      text += new TextDecoder().decode(buffer.subarray(0, n));
    }
    // The first event is there while the stream is still open.
    assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(text, /transfer-encoding: chunked\r\n/);
    assert.doesNotMatch(text, /content-length/i);
    assert.match(text, /\r\n\r\nb\r\ndata: one\n\n\r\n$/);
  } finally {
    conn.close();
  }
  // Gone client: a write soon fails (the first may still reach the socket's buffer) and the
  // stream is cancelled.
  const pushing = setInterval(() => push!("data: more\n\n"), 20);
  await cancelled;
  clearInterval(pushing);
  await server.shutdown();
});
