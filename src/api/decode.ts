/**
 * What a successful answer must look like before any command touches it: the
 * shape the caller expects (a list of objects, an object), nothing missing,
 * and no absurd nesting, so valid JSON of the wrong shape is a clear error,
 * never a crash deep in a renderer.
 */
import { ApiError } from "../errors.ts";

/** The shape a successful answer must have. */
export type Expected = "list" | "object";

/** Deeper than any real answer (a few levels): refused before anything recurses over it. */
const MAX_DEPTH = 256;

/** The JSON in `text`, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * JSON text parsed with every number whose text `JSON.stringify` would not give back
 * (9007199254740993, -0, 1.0, 1e1000) kept as that text (`JSON.rawJSON`), so printing the value
 * as JSON writes the number as the server wrote it, as jq does. For printing only: such a
 * number is not a `number` to code. Undefined when the text is not JSON.
 */
export function parseJsonExact(text: string): unknown {
  const rawJson = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;
  try {
    return JSON.parse(
      text,
      (_key, value, context?: { source?: string }) =>
        typeof value === "number" && context?.source !== undefined &&
          JSON.stringify(value) !== context.source
          ? rawJson(context.source)
          : value,
    );
  } catch {
    return undefined;
  }
}

function shapeOf(json: unknown): string {
  if (Array.isArray(json)) return "a list";
  if (json === null) return "null";
  return typeof json === "object" ? "an object" : `a ${typeof json}`;
}

/** Whether `json` nests deeper than `limit`, found without recursion. */
function nestsDeeperThan(json: unknown, limit: number): boolean {
  // Two parallel stacks, no per-object allocation: this runs on every answer.
  const values: object[] = [];
  const depths: number[] = [];
  if (json !== null && typeof json === "object") values.push(json), depths.push(0);
  while (values.length > 0) {
    const value = values.pop() as Record<string, unknown>;
    const depth = depths.pop()!;
    if (depth >= limit) return true;
    for (const key in value) {
      const item = value[key];
      if (item !== null && typeof item === "object") values.push(item), depths.push(depth + 1);
    }
  }
  return false;
}

/** Where the answer came from, for messages. */
export interface Origin {
  method: string;
  path: string;
  status: number;
  baseUrl: string;
}

function unexpected(origin: Origin, what: string, checkUrl = true): ApiError {
  return new ApiError(`Unexpected answer from ${origin.method} ${origin.path}: ${what}`, {
    status: origin.status,
    hints: checkUrl
      ? [`Check the API URL (${origin.baseUrl}): another server may have answered.`]
      : [],
  });
}

/**
 * Checks a decoded successful answer against `expected` (undefined: any JSON
 * or nothing) and returns it. `decoded` is undefined for an empty body.
 */
export function checkAnswer(decoded: unknown, expected: Expected | undefined, origin: Origin) {
  if (decoded !== undefined && nestsDeeperThan(decoded, MAX_DEPTH)) {
    throw new ApiError(
      `The answer to ${origin.method} ${origin.path} is nested too deeply (over ${MAX_DEPTH} levels)`,
      { status: origin.status, hints: ["No real Torale answer is: check the API URL."] },
    );
  }
  if (expected === undefined) return decoded;
  const want = expected === "list" ? "a list" : "an object";
  if (decoded === undefined) throw unexpected(origin, `expected ${want}, got nothing`);
  const shape = shapeOf(decoded);
  if (shape !== want) throw unexpected(origin, `expected ${want}, got ${shape}`);
  if (expected === "list") {
    (decoded as unknown[]).forEach((item, i) => {
      const itemShape = shapeOf(item);
      if (itemShape !== "an object") {
        throw unexpected(origin, `item ${i + 1} is ${itemShape}, expected an object`, false);
      }
    });
  }
  return decoded;
}
