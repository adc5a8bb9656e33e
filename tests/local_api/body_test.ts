/**
 * Request bodies: the size limit, in bytes, enforced while the body is still arriving; text the
 * database cannot keep as sent (NUL, lone surrogates, bytes that are not UTF-8) is refused.
 */
import assert from "node:assert/strict";
import { MAX_BODY } from "../../local_api/middleware/body.ts";
import { startTestApi, type TestApi } from "../helpers/api.ts";
import { client, type Json, TASK } from "./client.ts";

const MB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** POSTs a task body as given (bytes get a Content-Length, a stream is sent chunked). */
async function postTask(
  local: TestApi,
  body: BodyInit,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${local.url}/api/v1/tasks/`, {
    method: "POST",
    headers: { Authorization: `Bearer ${local.key}`, "Content-Type": "application/json" },
    body,
  });
  return { status: res.status, json: await res.json() };
}

/** A task body padded with trailing spaces (still valid JSON) to exactly `size` bytes. */
function taskOfSize(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(JSON.stringify(TASK));
  const padded = new Uint8Array(size).fill(0x20);
  padded.set(bytes);
  return padded;
}

/** `bytes` without a Content-Length, in chunks made only when the connection asks for them. */
function chunked(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + CHUNK));
      at += CHUNK;
    },
  });
}

const TOO_LARGE = { status: 413, json: { detail: "Request body too large" } };

Deno.test("a body of 1 MiB is read and one byte more is 413, with or without Content-Length", async () => {
  await using local = await startTestApi();
  for (const send of [(bytes: Uint8Array<ArrayBuffer>) => bytes, chunked]) {
    assert.equal((await postTask(local, send(taskOfSize(MAX_BODY)))).status, 200);
    assert.deepEqual(await postTask(local, send(taskOfSize(MAX_BODY + 1))), TOO_LARGE);
  }
});

Deno.test("the body limit counts bytes, not UTF-16 units", async () => {
  await using local = await startTestApi();
  // 600,000 characters, 1.2 MB of UTF-8.
  const body = JSON.stringify({ ...TASK, name: "é".repeat(600_000) });
  assert.deepEqual(await postTask(local, body), TOO_LARGE);
  assert.deepEqual(await postTask(local, chunked(new TextEncoder().encode(body))), TOO_LARGE);
});

Deno.test("a chunked body far over the limit is refused once the limit is passed, not read to its end", async () => {
  await using local = await startTestApi({ generation: "current" });
  let made = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      // 64 MiB at most, so that a server that reads it all still answers.
      if (made >= 64 * MB) return controller.close();
      controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
      made += CHUNK;
    },
  });
  assert.deepEqual(await postTask(local, endless), TOO_LARGE);
  // What the loopback socket buffers took beyond the limit, never the whole body.
  assert(made < 16 * MB, `${made / MB} MiB were read before the 413`);
});

/** Bodies with one string the database cannot keep, and where the 422 says it is. */
const UNSTORABLE: Record<"classic" | "current", [Json, string, (string | number)[]][]> = {
  classic: [
    [{ name: "a\u0000b" }, "value_error", ["body", "name"]],
    [{ search_query: "half \ud800 a pair" }, "string_unicode", ["body", "search_query"]],
    [{ config: { model: "m\u0000" } }, "value_error", ["body", "config", "model"]],
    [
      { notifications: [{ type: "email", address: "\udc00@example.com" }] },
      "string_unicode",
      ["body", "notifications", 0, "address"],
    ],
  ],
  current: [
    [{ name: "a\u0000b" }, "value_error", ["body", "name"]],
    [{ condition_description: "\ud83d" }, "string_unicode", ["body", "condition_description"]],
    [{ context: { "key\u0000": 1 } }, "value_error", ["body", "context", "key\u0000"]],
    [{ attached_connector_slugs: ["ok", "x\u0000"] }, "value_error", [
      "body",
      "attached_connector_slugs",
      1,
    ]],
  ],
};

for (const generation of ["classic", "current"] as const) {
  Deno.test(`${generation}: NUL and lone surrogates are a 422 naming the field, never stored changed`, async () => {
    await using local = await startTestApi({ generation });
    const api = client(local, local.key);
    const base = generation === "classic" ? TASK : { search_query: "q" };
    // Well-formed text of any kind is kept exactly: controls, bidi marks, astral characters.
    const exact = "tab\t bell\u0007 \u202eevil\u202c 😀 é";
    const kept = await api("POST", "/api/v1/tasks/", { ...base, name: exact });
    assert.equal(kept.status, 200, kept.text);
    assert.equal(kept.json.name, exact);
    const path = `/api/v1/tasks/${kept.json.id}`;
    assert.equal((await api("GET", path)).json.name, exact);
    for (const [fields, type, loc] of UNSTORABLE[generation]) {
      for (const [method, where] of [["POST", "/api/v1/tasks/"], ["PUT", path]]) {
        const res = await api(method, where, method === "POST" ? { ...base, ...fields } : fields);
        assert.equal(res.status, 422, `${method} ${JSON.stringify(fields)}: ${res.text}`);
        assert.deepEqual(res.json.detail.map((issue: Json) => [issue.type, issue.loc]), [[
          type,
          loc,
        ]]);
      }
    }
    const listed = (await api("GET", "/api/v1/tasks/")).json;
    assert.deepEqual(listed.map((task: Json) => task.name), [exact]);
  });
}

Deno.test("a body that is not UTF-8 is a 400, not read with replacement characters", async () => {
  await using local = await startTestApi();
  const json = new TextEncoder().encode(JSON.stringify({ ...TASK, name: "@" }));
  json[json.indexOf(0x40)] = 0xff;
  assert.deepEqual(await postTask(local, json), {
    status: 400,
    json: { detail: "There was an error parsing the body" },
  });
  assert.deepEqual((await client(local, local.key)("GET", "/api/v1/tasks/")).json, []);
});
