/**
 * The offline, deterministic stand-in for grounded search (classic) and for the agent (current).
 * It never reaches the internet: answers come from a canned results file, or say that no
 * search was performed.
 */

/** A canned answer for one query. */
export interface CannedResult {
  answer: string;
  condition_met: boolean;
  sources?: { url: string; title?: string }[];
  /** Makes the execution fail with this message instead. */
  error?: string;
  /** Current: the agent's message; defaults to the answer when the condition is met. */
  notification?: string | null;
  /** Current: when the agent wants the next run (ISO); null completes the task. */
  next_run?: string | null;
  /** Current: the first attempt of each run fails transiently, so the run is retried. */
  retry?: boolean;
  /** Current: the agent's confidence, 0-100. */
  confidence?: number;
}

/** What the current generation's agent answered (torale-api-current.md §5.1). */
export interface AgentAnswer {
  evidence: string;
  notification: string | null;
  confidence: number;
  /** As the agent gave it: ISO text, or null to end the monitoring. */
  next_run: string | null;
  /** URLs. */
  sources: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The optional fields of a canned result and the JSON types each may have. */
const OPTIONAL: Record<string, string[]> = {
  sources: ["array"],
  error: ["string"],
  notification: ["string", "null"],
  next_run: ["string", "null"],
  retry: ["boolean"],
  confidence: ["number"],
};

function jsonType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

/** What the executor produced. */
export interface ExecutorOutput {
  answer: string;
  condition_met: boolean;
  grounding_sources: { url: string; title: string }[];
  current_state: Record<string, unknown>;
}

/**
 * Queries (matched case-insensitively, trimmed; `*` for any) mapped to answers. A list of
 * answers is played in order, one per run of that query, the last one repeating: a task that
 * meets its condition on its third run, or fails once and then succeeds.
 */
export type ResultsFile = Record<string, CannedResult | CannedResult[]>;

/** Checks one canned answer; `where` names it in errors. */
function checkEntry(value: unknown, where: string): CannedResult {
  const entry = value as Partial<CannedResult>;
  if (typeof entry?.answer !== "string" || typeof entry?.condition_met !== "boolean") {
    throw new Error(`${where} needs "answer" (string) and "condition_met" (boolean)`);
  }
  for (const [field, types] of Object.entries(OPTIONAL)) {
    const value = (entry as Record<string, unknown>)[field];
    if (value !== undefined && !types.includes(jsonType(value))) {
      throw new Error(`${where}: "${field}" must be ${types.join(" or ")}`);
    }
  }
  return entry as CannedResult;
}

/** Checks and normalises a results file's contents. */
export function parseResults(json: unknown): ResultsFile {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new Error("the results file must be a JSON object mapping queries to answers");
  }
  const out: ResultsFile = {};
  for (const [query, value] of Object.entries(json as Record<string, unknown>)) {
    const where = `entry "${query}"`;
    if (Array.isArray(value) && value.length === 0) {
      throw new Error(`${where}: a list of answers needs at least one`);
    }
    out[query.trim().toLowerCase()] = Array.isArray(value)
      ? value.map((item, i) => checkEntry(item, `${where} [${i}]`))
      : checkEntry(value, where);
  }
  return out;
}

/** The executor. */
export class Executor {
  readonly #results: ResultsFile;
  /** How many runs each list of answers has answered. */
  readonly #played = new Map<string, number>();

  constructor(results: ResultsFile = {}) {
    this.#results = results;
  }

  /** The answer for a query; a list moves on to its next answer only when `next`. */
  #canned(query: string, next = true): CannedResult | undefined {
    const key = query.trim().toLowerCase();
    const found = key in this.#results ? key : "*" in this.#results ? "*" : undefined;
    if (found === undefined) return undefined;
    const entry = this.#results[found];
    if (!Array.isArray(entry)) return entry;
    const played = this.#played.get(found) ?? 0;
    if (next) this.#played.set(found, played + 1);
    return entry[Math.min(next ? played : Math.max(0, played - 1), entry.length - 1)];
  }

  /** Runs a "search"; throws when the canned entry says the run fails. */
  run(query: string, condition: string | null | undefined): ExecutorOutput {
    const canned = this.#canned(query);
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

  /**
   * Asks the "agent" about a query on attempt `attempt` (0 first) at `now`. Throws the
   * canned error on every attempt, and a transient agent failure on the first attempt of a
   * canned `retry`. Without a canned `next_run` the agent asks to look again in a day.
   */
  agent(query: string, options: { attempt: number; now: Date }): AgentAnswer {
    // A retried attempt is the same run: it gets the same answer of a list.
    const canned = this.#canned(query, options.attempt === 0);
    if (canned?.error) throw new Error(canned.error);
    if (canned?.retry && options.attempt === 0) {
      throw new Error("Agent task failed: the canned result asks for one retry");
    }
    const tomorrow = new Date(options.now.getTime() + DAY_MS).toISOString();
    if (!canned) {
      return {
        evidence:
          "No search was performed: the local Torale API is offline and has no canned result for this query.",
        notification: null,
        confidence: 0,
        next_run: tomorrow,
        sources: [],
      };
    }
    return {
      evidence: canned.answer,
      notification: canned.notification !== undefined
        ? canned.notification
        : canned.condition_met
        ? canned.answer
        : null,
      confidence: canned.confidence ?? 90,
      next_run: "next_run" in canned ? canned.next_run ?? null : tomorrow,
      sources: (canned.sources ?? []).map((source) => source.url),
    };
  }
}
