/**
 * How a tool answers: its data as `structuredContent` (exact, as the API sent it) and a short
 * text for people, made safe as on a terminal; a failure as an `isError` result carrying the
 * CLI's own error line and hints. The key in use never leaves in either, whatever the server
 * echoed.
 */
import { ApiError, CliError } from "../errors.ts";
import { maskKey } from "../output/mask.ts";
import { capLines, forPeople } from "../output/sanitize.ts";
import type { McpContext } from "./context.ts";
import type { ToolResult } from "./sdk.ts";

/** `value` with every occurrence of each of `secrets` masked, however deep. */
export function withoutSecrets<T>(value: T, secrets: readonly string[]): T {
  const hidden = secrets.filter((secret) => secret.length > 0);
  if (hidden.length === 0) return value;
  const scrub = (item: unknown): unknown => {
    if (typeof item === "string") {
      return hidden.reduce((text, secret) => text.replaceAll(secret, maskKey(secret)), item);
    }
    if (Array.isArray(item)) return item.map(scrub);
    if (item && typeof item === "object") {
      return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, scrub(v)]));
    }
    return item;
  };
  return scrub(value) as T;
}

/** A successful answer: `data` as structured content, `summary` as its text. */
export function answer(
  context: McpContext,
  data: Record<string, unknown>,
  summary: string,
): ToolResult {
  return {
    content: [{ type: "text", text: withoutSecrets(forPeople(summary), context.secrets) }],
    structuredContent: withoutSecrets(data, context.secrets),
  };
}

/** The text a failed tool call carries: the CLI's error line, then its hints. */
export function errorText(error: unknown): string {
  if (error instanceof CliError) {
    return [`Error: ${error.message}`, ...error.hints].map(capLines).join("\n");
  }
  return `Error: ${error instanceof Error ? error.message : String(error)}`;
}

/** A failed call, as a tool result the agent reads (`isError`), never a protocol error. */
export function failure(context: McpContext, error: unknown): ToolResult {
  if (!(error instanceof CliError)) {
    context.log(`Error in a tool: ${error instanceof Error ? error.stack : String(error)}`);
  }
  const text = withoutSecrets(forPeople(errorText(error)), context.secrets);
  return { content: [{ type: "text", text }], isError: true };
}

/** Runs `work` and turns what it throws into an `isError` result. */
export async function guarded(
  context: McpContext,
  work: () => Promise<ToolResult>,
): Promise<ToolResult> {
  try {
    return await work();
  } catch (error) {
    return failure(context, error);
  }
}

/** Whether `error` is the service failing on its side (5xx). */
export function isServerFailure(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status >= 500;
}
