/**
 * Request bodies: a size limit, then JSON read and validated the way FastAPI does it. Both
 * run after authentication, on the routes that take a body, so that 401/403 wins as at 68b.
 */
import { detail, invalid, type Middleware } from "../http.ts";
import { type Issue, type Schema, validateBody } from "../validate.ts";

/** The largest body accepted, in bytes. */
export const MAX_BODY = 1024 * 1024;

/** 413 for a body over MAX_BODY, by its Content-Length or, failing that, its text. */
export const bodyLimit: Middleware = async (c, next) => {
  const length = Number(c.req.header("content-length") ?? "0");
  if (length > MAX_BODY) return detail(c, 413, "Request body too large");
  // hono keeps the text, so jsonBody reads it again for free.
  const text = await c.req.text();
  if (text.length > MAX_BODY) return detail(c, 413, "Request body too large");
  await next();
};

/**
 * Puts the required JSON body on `c.var.body` once it parses and fits `schema`; otherwise
 * the 422 of a missing body, malformed JSON or the schema's issues.
 */
export function jsonBody(schema: Schema): Middleware {
  return async (c, next) => {
    const body = parseBody(await c.req.text());
    if ("issue" in body) return invalid(c, [body.issue]);
    const issues = validateBody(body.value, schema);
    if (issues.length) return invalid(c, issues);
    c.set("body", body.value);
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
    const offset = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? 0);
    return {
      issue: {
        type: "json_invalid",
        loc: ["body", offset],
        msg: "JSON decode error",
        input: {},
        ctx: { error: "Expecting value" },
      },
    };
  }
}
