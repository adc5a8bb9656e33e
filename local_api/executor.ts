/**
 * The offline, deterministic stand-in for grounded search. It never reaches
 * the internet: answers come from a canned results file, or say that no
 * search was performed.
 */

/** A canned answer for one query. */
export interface CannedResult {
  answer: string;
  condition_met: boolean;
  sources?: { url: string; title?: string }[];
  /** Makes the execution fail with this message instead. */
  error?: string;
}

/** What the executor produced. */
export interface ExecutorOutput {
  answer: string;
  condition_met: boolean;
  grounding_sources: { url: string; title: string }[];
  current_state: Record<string, unknown>;
}

/** Queries (matched case-insensitively, trimmed; `*` for any) mapped to answers. */
export type ResultsFile = Record<string, CannedResult>;

/** Checks and normalises a results file's contents. */
export function parseResults(json: unknown): ResultsFile {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new Error("the results file must be a JSON object mapping queries to answers");
  }
  const out: ResultsFile = {};
  for (const [query, value] of Object.entries(json as Record<string, unknown>)) {
    const entry = value as Partial<CannedResult>;
    if (typeof entry?.answer !== "string" || typeof entry?.condition_met !== "boolean") {
      throw new Error(`entry "${query}" needs "answer" (string) and "condition_met" (boolean)`);
    }
    out[query.trim().toLowerCase()] = entry as CannedResult;
  }
  return out;
}

/** The executor. */
export class Executor {
  readonly #results: ResultsFile;

  constructor(results: ResultsFile = {}) {
    this.#results = results;
  }

  /** Runs a "search"; throws when the canned entry says the run fails. */
  run(query: string, condition: string | null | undefined): ExecutorOutput {
    const canned = this.#results[query.trim().toLowerCase()] ?? this.#results["*"];
    if (canned?.error) throw new Error(canned.error);
    if (!canned) {
      return {
        answer:
          "No search was performed: the local Torale API is offline and has no canned result for this query.",
        condition_met: false,
        grounding_sources: [],
        current_state: { searched: false, condition: condition ?? null },
      };
    }
    return {
      answer: canned.answer,
      condition_met: canned.condition_met,
      grounding_sources: (canned.sources ?? []).map((s) => ({
        url: s.url,
        title: s.title ?? new URL(s.url).hostname,
      })),
      current_state: { answer: canned.answer, condition_met: canned.condition_met },
    };
  }
}
