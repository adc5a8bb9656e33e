/**
 * Never report success for a change the server did not make: after a write,
 * the server's echo is compared with what was asked, field by field. The
 * API is unversioned and ignores fields it does not know, so a dropped field
 * shows only here.
 */
import { CliError } from "../errors.ts";
import type { NotificationConfig } from "./types.ts";

/** Fields sent that are instructions, not values the echo repeats. */
const NOT_ECHOED = new Set(["run_immediately", "executor_type"]);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null && v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** A channel as the user thinks of it: its type and where it goes. */
function channels(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((n: NotificationConfig) => `${n?.type}:${n?.address ?? n?.url ?? ""}`).sort();
}

function same(field: string, sent: unknown, echoed: unknown): boolean {
  if (field === "notifications") {
    return JSON.stringify(channels(sent)) === JSON.stringify(channels(echoed));
  }
  if (sent && typeof sent === "object" && echoed && typeof echoed === "object") {
    // The server may add keys of its own to an object it stores (`config`).
    const want = canonical(sent) as Record<string, unknown>;
    const have = canonical(echoed) as Record<string, unknown>;
    return Object.keys(want).every((key) =>
      JSON.stringify(want[key]) === JSON.stringify(have[key])
    );
  }
  return JSON.stringify(sent) === JSON.stringify(echoed);
}

/** The fields of `sent` that the echoed object does not hold as sent. */
function unappliedFields(
  sent: Record<string, unknown>,
  echoed: Record<string, unknown>,
): string[] {
  return Object.keys(sent).filter((field) =>
    !NOT_ECHOED.has(field) && !same(field, sent[field], echoed[field])
  );
}

/** Throws when the server did not apply every field of `sent`; `what` names the change. */
export function checkApplied(what: string, body: object, echoedBody: object): void {
  const sent = body as Record<string, unknown>;
  const echoed = echoedBody as Record<string, unknown>;
  const fields = unappliedFields(sent, echoed);
  if (fields.length === 0) return;
  const shown = (value: unknown) => value === undefined ? "nothing" : JSON.stringify(value);
  throw new CliError(
    `The server did not apply ${fields.map((f) => `"${f}"`).join(", ")} of the ${what}`,
    {
      hints: [
        ...fields.map((f) => `  ${f}: asked ${shown(sent[f])}, server has ${shown(echoed[f])}`),
        "The server answered with success but kept its own values; what it saved is shown above.",
      ],
    },
  );
}
