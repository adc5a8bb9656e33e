/**
 * `torale api <path>`: one authenticated request through the CLI's own client
 * (URL, key, proxy, timeout, retries, redaction), its JSON answer printed
 * through the session, so `--jq` and `--yaml` apply.
 */
import type { ApiClient, RawAnswer } from "../../api/client.ts";
import { parseJson, parseJsonExact } from "../../api/decode.ts";
import { PAGED_PATHS, pagedRoute } from "../../api/pages.ts";
import { rejectedKeyFix } from "../../api/errors.ts";
import type { Deps } from "../../deps.ts";
import { ApiError, AuthError, CliError, UsageError } from "../../errors.ts";
import type { Context } from "../../kit/context.ts";
import { keySourceLabel, Session } from "../../kit/session.ts";
import { redactKeys } from "../../output/mask.ts";
import { clean } from "../../output/sanitize.ts";
import { decodeUtf8, readInput } from "../../kit/input.ts";
import { bodyText as fieldsBody, type Fields, readFields } from "./fields.ts";
import { patientRaw } from "./patient.ts";

/** The largest --input body read: the same bound as an answer the CLI accepts. */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** The flags of `torale api`. */
export interface ApiFlags {
  method?: string;
  /** `-f`: sent as strings. */
  rawField?: readonly string[];
  /** `-F`: typed (true, false, null, numbers) or read from a file (`@file`). */
  field?: readonly string[];
  input?: string;
  include?: boolean;
  paginate?: boolean;
}

type Query = Record<string, string>;

/** A request as this command builds it. */
interface Outgoing {
  pathname: string;
  query: Query;
  bodyText?: string;
}

/** Methods whose `-f` fields go to the query string rather than a body. */
const QUERY_METHODS = new Set(["GET", "HEAD", "DELETE"]);
/** At most this many pages are fetched: far beyond any real list. */
const MAX_PAGES = 1000;
/** What --paginate keeps of all pages together: an endless server cannot take all memory. */
const MAX_PAGINATED_BYTES = 256 * 1024 * 1024;
const PLACEHOLDER = "http://torale-api.invalid";

/** The path and the query it carries; anything that could leave the API's origin is refused. */
function target(path: string): { pathname: string; query: Query } {
  if (!path.startsWith("/")) {
    throw new UsageError(
      /^[a-z][a-z\d+.-]*:/i.test(path)
        ? `"${path}" is a URL, not a path such as /auth/me: requests go only to the API URL in use (--api-url)`
        : `The path "${path}" must start with /, as in /api/v1/tasks/`,
    );
  }
  const url = new URL(path, PLACEHOLDER);
  if (path.startsWith("//") || url.origin !== PLACEHOLDER) {
    throw new UsageError(
      `The path "${path}" names another host: requests (and your key) go only to the API URL in use`,
    );
  }
  return { pathname: url.pathname, query: Object.fromEntries(url.searchParams) };
}

/** The `--input` body (a file, or stdin for `-`), checked to be JSON before anything is sent. */
async function inputBody(deps: Deps, input: string): Promise<string> {
  let text: string;
  try {
    const what = input === "-" ? "--input - (stdin)" : `--input file "${input}"`;
    text = decodeUtf8(await readInput(deps, input, { limit: MAX_INPUT_BYTES, what }), what);
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(`Cannot read --input file "${input}": no such file`);
    }
    if (error instanceof Deno.errors.NotCapable) {
      throw new UsageError(`Deno may not read "${input}" (--input)`, {
        hints: [`Run with --allow-read=${input}, or pipe the body in with --input -.`],
      });
    }
    throw new CliError(`Cannot read --input file "${input}": ${(error as Error).message}`);
  }
  const from = input === "-" ? "stdin" : `"${input}"`;
  if (text.trim() === "") throw new UsageError(`The --input body from ${from} is empty`);
  try {
    JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message.replaceAll("\n", "\\n");
    throw new UsageError(`The --input body from ${from} is not JSON: ${reason}`);
  }
  return text;
}

/** The status line and headers, as `gh api -i` prints them; never a credential header. */
function head(session: Session, answer: RawAnswer): void {
  const lines = [`HTTP ${answer.status} ${answer.statusText}`.trimEnd()];
  for (const [name, value] of answer.headers) {
    if (name === "authorization" || name === "proxy-authorization") continue;
    lines.push(`${name}: ${redactKeys(value)}`);
  }
  const text = lines.join("\n") + "\n\n";
  session.deps.io.stdout.write(session.deps.io.stdout.isTerminal ? clean(text) : text);
}

/** An HTTP error: the answer on stderr, then exit 1 (4 for 401). */
function failure(session: Session, answer: RawAnswer, request: string): CliError {
  const json = parseJson(answer.text);
  const body = json === undefined ? answer.text : JSON.stringify(json, null, 2);
  if (body.trim() !== "") session.deps.io.stderr.write(clean(redactKeys(body.trimEnd())) + "\n");
  const message = `${request} answered ${answer.status} ${answer.statusText}`.trimEnd();
  if (answer.status !== 401) return new ApiError(message, { status: answer.status });
  const keySent = session.settings.apiKey.value !== undefined && !session.settings.noauth;
  return new AuthError(message, {
    hints: [keySent ? rejectedKeyFix(keySourceLabel(session)) : "Run `torale auth set-api-key`."],
  });
}

/** An answer's JSON to print: numbers as the server wrote them, except in YAML (plain numbers). */
function parseForPrinting(session: Session, text: string): unknown {
  return session.format === "yaml" && session.settings.jq === undefined
    ? parseJson(text)
    : parseJsonExact(text);
}

/** Prints a successful answer: JSON through the session (--jq, --yaml), other text as it is. */
async function print(session: Session, answer: RawAnswer): Promise<void> {
  if (answer.text === "") return;
  const json = parseForPrinting(session, answer.text);
  if (json !== undefined) return await session.data(json);
  const type = answer.headers.get("content-type") ?? "no content type";
  if (session.settings.jq !== undefined) {
    throw new CliError(`The answer is not JSON (${type}): --jq has nothing to filter`);
  }
  const { stdout } = session.deps.io;
  const text = answer.text.endsWith("\n") ? answer.text : answer.text + "\n";
  stdout.write(stdout.isTerminal ? clean(text) : text);
}

/** One request, its answer printed (after the head with --include) or its failure thrown. */
async function once(
  session: Session,
  client: ApiClient,
  request: Outgoing & { method: string; include: boolean },
): Promise<void> {
  const { method, pathname, include: _, ...options } = request;
  const answer = await patientRaw(session, client, { method, pathname, options });
  if (request.include) head(session, answer);
  if (answer.status < 200 || answer.status > 299) {
    throw failure(session, answer, `${method} ${pathname}`);
  }
  await print(session, answer);
}

/** A whole number of at least `min` from the query, or the fallback. */
function whole(query: Query, name: string, fallback: number, min: number): number {
  if (query[name] === undefined) return fallback;
  const value = Number(query[name]);
  if (!/^\d+$/.test(query[name]) || value < min) {
    throw new UsageError(`--paginate needs ${name} to be a whole number of at least ${min}`);
  }
  return value;
}

/**
 * Follows `offset` until a page comes back short (or `total` is reached) and
 * prints one answer of the first page's shape holding every item.
 */
async function paginate(
  session: Session,
  client: ApiClient,
  request: Outgoing & { include: boolean },
): Promise<void> {
  const { pathname, query } = request;
  const route = pagedRoute(pathname);
  if (route === undefined) {
    session.info(`${pathname} is not paged (only ${PAGED_PATHS.join(" and ")}): shown whole`);
    return await once(session, client, { ...request, method: "GET" });
  }
  const limit = whole(query, "limit", route.pageSize, 1);
  let offset = whole(query, "offset", 0, 0);
  let first: Record<string, unknown> | undefined;
  const items: unknown[] = [];
  let kept = 0;
  for (let page = 0;; page++) {
    if (page === MAX_PAGES) {
      session.warn(`Stopped after ${MAX_PAGES} pages (${items.length} items)`);
      break;
    }
    const answer = await patientRaw(session, client, {
      method: "GET",
      pathname,
      options: { query: { ...query, limit: String(limit), offset: String(offset) } },
    });
    if (request.include) head(session, answer);
    const at = `GET ${pathname}?offset=${offset}`;
    if (answer.status < 200 || answer.status > 299) throw failure(session, answer, at);
    kept += answer.text.length;
    if (kept > MAX_PAGINATED_BYTES) {
      throw new CliError(
        `--paginate stopped at ${at}: the pages passed ${
          MAX_PAGINATED_BYTES / 1024 ** 2
        } MiB together`,
        {
          hints: [
            `${items.length} items were read and none is printed. Page by hand with limit and offset, e.g. torale api "${pathname}?limit=100&offset=${offset}".`,
          ],
        },
      );
    }
    const json = parseForPrinting(session, answer.text) as Record<string, unknown> | undefined;
    const list = json?.[route.items];
    if (!Array.isArray(list)) {
      throw new ApiError(`${at} answered without a "${route.items}" list: cannot page it`, {
        status: answer.status,
      });
    }
    first ??= json;
    // One by one: a spread of a server-sized array overflows the stack.
    for (const item of list) items.push(item);
    offset += list.length;
    const total = typeof json?.total === "number" ? json.total : Infinity;
    if (list.length < limit || offset >= total) break;
  }
  await session.data({ ...first, [route.items]: items });
}

/** `-f` typed values before it took gh's meaning: say once per field what it sends now. */
function warnRawTyped(session: Session, given: Fields): void {
  for (const [key, field] of given) {
    if (!field.looksTyped) continue;
    session.warn(
      `-f ${key}=${field.text} is sent as the string "${field.text}"; use -F ${key}=${field.text} for a typed value`,
    );
  }
}

/** Runs `torale api`. */
export default async function api(this: Context, flags: ApiFlags, path: string): Promise<void> {
  const { pathname, query } = target(path);
  if (flags.input === "-" && flags.field?.some((spec) => spec.endsWith("=@-"))) {
    throw new UsageError("stdin can feed --input - or a -F key=@- field, not both");
  }
  const given = await readFields(this.deps, { raw: flags.rawField, typed: flags.field });
  const data = given.size > 0 || flags.input !== undefined;
  const method = flags.method ?? (data && !flags.paginate ? "POST" : "GET");
  if (flags.paginate && method !== "GET") {
    throw new UsageError(`--paginate follows pages of a GET, not of a ${method}`);
  }
  if (flags.input !== undefined && (method === "GET" || method === "HEAD")) {
    throw new UsageError(`A ${method} sends no body: use -X POST, PUT or PATCH with --input`);
  }
  const session = await Session.open(this.deps, this.globals);
  const input = flags.input === undefined ? undefined : await inputBody(this.deps, flags.input);
  const toQuery = input !== undefined || QUERY_METHODS.has(method);
  const texts = [...given].map(([key, { text }]) => [key, text]);
  // A field beats the same parameter in the path.
  const full: Query = toQuery ? Object.fromEntries([...Object.entries(query), ...texts]) : query;
  if (!toQuery) warnRawTyped(session, given);
  const bodyText = input ?? (toQuery || given.size === 0 ? undefined : fieldsBody(given));
  const client = session.api();
  const include = flags.include === true;
  if (flags.paginate) return await paginate(session, client, { pathname, query: full, include });
  await once(session, client, { method, pathname, query: full, bodyText, include });
}
