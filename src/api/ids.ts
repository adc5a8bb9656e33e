/**
 * Ids as people type them: the full UUID, or a unique prefix of at least 4
 * characters, resolved against the list the id belongs to. Malformed ids
 * never reach the API, so users see "not found", not a validation list.
 */
import { type CliError, UsageError } from "../errors.ts";
import { isUuid } from "./types.ts";

const PREFIX = /^[0-9a-f-]{4,36}$/i;

/** What an id names, for messages. */
export interface IdKind {
  /** "task", "API key". */
  noun: string;
  /** The command that lists them, for hints. */
  listCommand: string;
  notFound(input: string): CliError;
}

/** The full id for `input`, looking through `list()` only when `input` is a prefix. */
export async function resolveId(
  input: string,
  kind: IdKind,
  list: () => Promise<{ id: unknown; name?: unknown }[]>,
): Promise<string> {
  const id = input.trim().toLowerCase();
  if (isUuid(id)) return id;
  if (!PREFIX.test(id)) {
    if (id.length < 4 && /^[0-9a-f-]*$/.test(id)) {
      throw new UsageError(`${capital(kind.noun)} id prefix "${input}" is too short`, {
        hints: [
          `Give at least 4 characters of the id, or the full id from \`${kind.listCommand}\`.`,
        ],
      });
    }
    throw kind.notFound(input);
  }
  const matches = (await list()).filter((item) => String(item.id).toLowerCase().startsWith(id));
  if (matches.length === 1) return String(matches[0].id);
  if (matches.length === 0) throw kind.notFound(input);
  throw new UsageError(
    `${
      capital(kind.noun)
    } id prefix "${input}" is ambiguous: ${matches.length} ${kind.noun}s match`,
    {
      hints: [
        ...matches.slice(0, 5).map((item) => `  ${item.id}  ${item.name ?? ""}`.trimEnd()),
        "Give more characters of the id.",
      ],
    },
  );
}

function capital(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

/**
 * The shortest prefix of each id (at least `min` characters) that no other id
 * in `ids` shares: what a table on a terminal shows, and what commands accept.
 */
export function shortIds(ids: readonly string[], min = 8): Map<string, string> {
  const sorted = [...new Set(ids.map(String))].sort();
  const short = new Map<string, string>();
  sorted.forEach((id, i) => {
    const common = (other: string | undefined) => {
      if (other === undefined) return 0;
      let n = 0;
      while (n < id.length && id[n] === other[n]) n++;
      return n;
    };
    const length = Math.max(min, common(sorted[i - 1]) + 1, common(sorted[i + 1]) + 1);
    short.set(id, id.slice(0, length));
  });
  return short;
}
