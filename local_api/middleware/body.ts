/**
 * Request bodies: a size limit, then JSON read and validated the way FastAPI does it. In classic
 * both run after authentication, so that 401/403 wins; the current generation answers
 * malformed JSON before authentication (`jsonSyntax`) and the other 422s after it.
 */
import { type Ctx, detail, invalid, type Middleware } from "../http.ts";
import { type Issue, nulIssues, type Schema, validateBody } from "../validate.ts";

/** The largest body accepted, in bytes. */
export const MAX_BODY = 1024 * 1024;

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads the body onto `c.var.text`, or answers 413 for one over MAX_BODY bytes: at once by its
 * Content-Length, else as soon as the bytes read pass the limit (a chunked body has none), so
 * that a huge body is never held in memory.
 */
export const bodyLimit: Middleware = async (c, next) => {
  const length = Number(c.req.header("content-length") ?? "0");
  if (length > MAX_BODY) return detail(c, 413, "Request body too large");
  const bytes = await readAtMost(c.req.raw.body, MAX_BODY);
  if (!bytes) return detail(c, 413, "Request body too large");
  try {
    c.set("text", UTF8.decode(bytes));
  } catch {
    // Never replace bytes that are not UTF-8 and go on; FastAPI's answer to them.
    return detail(c, 400, "There was an error parsing the body");
  }
  await next();
};

/**
 * All of `stream` if it holds at most `max` bytes; otherwise undefined, as soon as the bytes
 * read pass `max`, with the rest of the stream cancelled unread.
 */
export async function readAtMost(
  stream: ReadableStream<Uint8Array> | null,
  max: number,
): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving a for-await loop early cancels the stream.
  for await (const chunk of stream ?? []) {
    size += chunk.byteLength;
    if (size > max) return undefined;
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** The body `bodyLimit` read; a route that parses a body mounts it first. */
function bodyText(c: Ctx): string {
  const text = c.get("text");
  if (text === undefined) throw new Error("bodyLimit must run before a body is parsed");
  return text;
}

/** The current generation's first check: a 422 for a body that is not JSON, before auth. */
export const jsonSyntax: Middleware = async (c, next) => {
  const body = parseBody(bodyText(c));
  if ("issue" in body && body.issue.type === "json_invalid") return invalid(c, [body.issue]);
  await next();
};

/**
 * Puts the required JSON body on `c.var.body` once it parses and fits `schema`; otherwise
 * the 422 of a missing body, malformed JSON or the schema's issues. With `jsonOnly` (the
 * current generation), a body declared as another media type is not read as JSON. With
 * `nulLater`, a NUL in a string is left to `refuseNul`, mounted after the route's limit.
 */
export function jsonBody(
  schema: Schema,
  options: { jsonOnly?: boolean; nulLater?: boolean } = {},
): Middleware {
  return async (c, next) => {
    const text = bodyText(c);
    const type = c.req.header("content-type");
    if (options.jsonOnly && text.trim() !== "" && type && !/\bjson\b/i.test(type)) {
      return invalid(c, [{
        type: "model_attributes_type",
        loc: ["body"],
        msg: "Input should be a valid dictionary or object to extract fields from",
        input: text,
      }]);
    }
    const body = parseBody(text);
    if ("issue" in body) return invalid(c, [body.issue]);
    const issues = validateBody(body.value, schema, { nul: !options.nulLater });
    if (issues.length) return invalid(c, issues);
    c.set("body", body.value);
    await next();
  };
}

/** The 422 of a NUL in the body `jsonBody(schema, { nulLater: true })` accepted. */
export function refuseNul(schema: Schema): Middleware {
  return async (c, next) => {
    const issues = nulIssues(c.var.body as Record<string, unknown>, schema);
    if (issues.length) return invalid(c, issues);
    await next();
  };
}

function parseBody(text: string): { value: unknown } | { issue: Issue } {
  if (text.trim() === "") {
    return { issue: { type: "missing", loc: ["body"], msg: "Field required", input: null } };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    // V8 names no position when the text ends early; Python's json names the end of the text.
    const end = /end of JSON input/.test(message) ? text.length : 0;
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? end);
    return {
      issue: {
        type: "json_invalid",
        loc: ["body", offset],
        msg: "JSON decode error",
        input: {},
        ctx: { error: pythonJsonError(message) },
      },
    };
  }
}

/** V8's JSON.parse complaints, worded as Python's json module words them. */
const PYTHON_JSON_ERRORS: [RegExp, string][] = [
  [/':'/, "Expecting ':' delimiter"],
  [/property name/, "Expecting property name enclosed in double quotes"],
  [/','/, "Expecting ',' delimiter"],
  [/after JSON/, "Extra data"],
  [/[Uu]nterminated string/, "Unterminated string starting at"],
];

function pythonJsonError(v8: string): string {
  return PYTHON_JSON_ERRORS.find(([pattern]) => pattern.test(v8))?.[1] ?? "Expecting value";
}
