/**
 * The hostile-answer matrix of `deno task fault-check`: what a broken or
 * malicious server (or proxy) may answer, and what the CLI must do about it —
 * a clear error or a `-`, the right exit code, in bounded time, never a crash,
 * never the key sent where it does not belong.
 */
import { type Answer, head, jsonAnswer, type SeenRequest, write } from "./server.ts";

/** One case: a command line, the answers it gets, and what must come of it. */
export interface FaultCase {
  name: string;
  args: string[];
  /** The answer to each request, by the path after the case's prefix. */
  answer: (path: string, request: SeenRequest) => Answer;
  code: number;
  /** What stderr (or, for exit 0, stdout) must match. */
  expect: RegExp;
  /** Wall-clock limit in ms (default 8,000). */
  withinMs?: number;
  /** Extra CLI flags, such as `--timeout 2`. */
  flags?: string[];
}

const ID = "abcd1111-0000-4000-8000-000000000000";
const task = (fields: Record<string, unknown> = {}) => ({
  id: ID,
  name: "t",
  state: "active",
  created_at: "2026-01-01T00:00:00Z",
  ...fields,
});
const run = (fields: Record<string, unknown> = {}) => ({
  id: "e",
  task_id: ID,
  status: "success",
  started_at: "2026-01-01T00:00:00Z",
  ...fields,
});

const always = (answer: Answer) => () => answer;

function deeplyNested(depth: number): string {
  return `{"id":"${ID}","name":"t","state":"active","created_at":"x","context":${
    "[".repeat(depth)
  }${"]".repeat(depth)}}`;
}

/** A body that never ends (chunked, 64 KiB at a time) until the client hangs up. */
const endless: Answer = async (conn) => {
  await write(
    conn,
    head("200 OK", { "Content-Type": "application/json", "Transfer-Encoding": "chunked" }),
  );
  const chunk = "[" + " ".repeat(64 * 1024 - 1);
  const framed = `${(64 * 1024).toString(16)}\r\n${chunk}\r\n`;
  while (await write(conn, framed));
};

/** 200 MB of spaces, gzip-compressed to a few hundred KB. */
let bomb: Uint8Array | undefined;
async function gzipBomb(): Promise<Uint8Array> {
  if (bomb) return bomb;
  const block = new Uint8Array(1024 * 1024).fill(0x20);
  const stream = new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("["));
      for (let i = 0; i < 200; i++) controller.enqueue(block);
      controller.close();
    },
  }).pipeThrough(new CompressionStream("gzip"));
  bomb = new Uint8Array(await new Response(stream).arrayBuffer());
  return bomb;
}

const bombAnswer: Answer = async (conn) => {
  const body = await gzipBomb();
  await write(
    conn,
    head("200 OK", {
      "Content-Type": "application/json",
      "Content-Encoding": "gzip",
      "Content-Length": String(body.length),
    }),
  );
  await write(conn, body);
};

/** Headers and half a body, then the connection is dropped. */
const resetMidBody: Answer = async (conn) => {
  await write(
    conn,
    head("200 OK", { "Content-Type": "application/json", "Content-Length": "1000" }),
  );
  await write(conn, '[{"id":');
  conn.close();
};

/** Headers, then one byte a second: the body outlives any timeout. */
const trickle: Answer = async (conn) => {
  await write(
    conn,
    head("200 OK", { "Content-Type": "application/json", "Content-Length": "100000" }),
  );
  for (let i = 0; i < 30; i++) {
    if (!await write(conn, " ")) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
};

const tooMany = (retryAfter: string) =>
  always(jsonAnswer("429 Too Many Requests", { detail: "Rate limit exceeded" }, {
    "Retry-After": retryAfter,
  }));

/** The matrix. `other` is the origin of a second server that records what reaches it. */
export function faultCases(other: string): FaultCase[] {
  return [
    {
      name: "a null item in a list",
      args: ["task", "list"],
      answer: always(jsonAnswer("200 OK", [task(), null])),
      code: 1,
      expect: /^Error: Unexpected answer from GET \/.*\/api\/v1\/tasks\/: item 2 is null/,
    },
    {
      name: "204 where a list belongs",
      args: ["task", "list"],
      answer: always(async (conn) => void await write(conn, head("204 No Content"))),
      code: 1,
      expect: /^Error: Unexpected answer from GET .*: expected a list, got nothing/,
    },
    {
      name: "an empty 200 where a task belongs",
      args: ["task", "get", ID],
      answer: always(jsonAnswer("200 OK", "")),
      code: 1,
      expect: /^Error: Unexpected answer from GET .*: expected an object, got nothing/,
    },
    {
      name: "a string where a list belongs",
      args: ["task", "list"],
      answer: always(jsonAnswer("200 OK", '"tasks"')),
      code: 1,
      expect: /expected a list, got a string/,
    },
    {
      name: "notifications: 5",
      args: ["task", "get", ID],
      answer: always(jsonAnswer("200 OK", task({ notifications: 5 }))),
      code: 0,
      expect: /^Notifications:\s+-$/m,
    },
    {
      name: "grounding_sources: 7 and result: 'text'",
      args: ["task", "logs", ID],
      answer: always(jsonAnswer("200 OK", [run({ grounding_sources: 7, result: "text" })])),
      code: 0,
      expect: /^Sources:\s+-$/m,
    },
    {
      name: "numeric ids, null names and numeric states in a list",
      args: ["task", "list"],
      answer: always(jsonAnswer("200 OK", [{ id: 123456, name: null, state: 7 }])),
      code: 0,
      expect: /^123456\t-\t7\t/m,
    },
    {
      name: "a numeric id resolved by prefix",
      args: ["task", "get", "abcd"],
      answer: always(jsonAnswer("200 OK", [{ id: 123456, name: "t" }])),
      code: 1,
      expect: /^Error: Task not found: "abcd"/,
    },
    {
      name: "a user whose email is null",
      args: ["auth", "status"],
      answer: always(jsonAnswer("200 OK", { id: "u", email: null })),
      code: 0,
      expect: /^✓ Authenticated as -$/m,
    },
    {
      name: "100,000 levels of nesting with --json",
      args: ["task", "get", ID, "--json"],
      answer: always(jsonAnswer("200 OK", deeplyNested(100_000))),
      code: 1,
      expect: /^Error: The answer to GET .* is nested too deeply/,
    },
    {
      name: "a body that never ends",
      args: ["task", "list"],
      answer: always(endless),
      code: 1,
      expect: /^Error: The answer to GET .* is larger than 64 MiB; stopped reading it/,
    },
    {
      name: "a gzip bomb (200 MB of spaces)",
      args: ["task", "list"],
      answer: always(bombAnswer),
      code: 1,
      expect: /is larger than 64 MiB; stopped reading it/,
    },
    {
      name: "a reset half-way through a GET body (retried, then named)",
      args: ["task", "list"],
      answer: always(resetMidBody),
      code: 1,
      expect: /^Error: Connection to http:\/\/127\.0\.0\.1:\d+ was reset|^Error: Request to/,
    },
    {
      name: "a body that trickles past --timeout",
      args: ["task", "list"],
      flags: ["--timeout", "2"],
      answer: always(trickle),
      code: 1,
      expect: /^Error: Request timed out after 2 s/,
      withinMs: 4_000,
    },
    {
      name: "Retry-After: 1e300",
      args: ["task", "list"],
      answer: tooMany("1e300"),
      code: 1,
      expect: /^Error: Rate limit exceeded\nWait a minute before trying again\.$/m,
      withinMs: 4_000,
    },
    {
      name: "Retry-After: -5",
      args: ["task", "list"],
      answer: tooMany("-5"),
      code: 1,
      expect: /^Error: Rate limit exceeded\n/,
      withinMs: 4_000,
    },
    {
      name: "a redirect to another origin loses the key",
      args: ["task", "list"],
      answer: always(async (conn, request) => {
        const location = `${other}${request.path}`;
        await write(
          conn,
          head("307 Temporary Redirect", { Location: location, "Content-Length": "0" }),
        );
      }),
      code: 4,
      expect:
        /^Error: GET \/.* was redirected to http:\/\/127\.0\.0\.1:\d+, another origin: the API key is not sent there/,
    },
    {
      name: "a redirect loop",
      args: ["task", "list"],
      answer: always(async (conn, request) => {
        await write(
          conn,
          head("307 Temporary Redirect", { Location: request.path, "Content-Length": "0" }),
        );
      }),
      code: 1,
      expect: /^Error: Too many redirects from GET/,
    },
    {
      name: "escape sequences in a task name",
      args: ["task", "list"],
      answer: always(jsonAnswer("200 OK", [task({ name: "x\x1b]52;c;aGk=\x07\x1b[2J\ry\u202e" })])),
      code: 0,
      expect: /x\\e\]52;c;aGk=\\x07\\e\[2J\\ry\\u202e/,
    },
    {
      name: "a 500 in text/plain",
      args: ["task", "list"],
      answer: always(async (conn) => {
        await write(
          conn,
          head("500 Internal Server Error", {
            "Content-Type": "text/plain",
            "Content-Length": "21",
          }),
        );
        await write(conn, "Internal Server Error");
      }),
      code: 1,
      expect: /^Error: Server error \(HTTP 500\); the response was not JSON \(text\/plain\)/,
    },
  ];
}
