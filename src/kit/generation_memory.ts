/**
 * Which generation a session's API speaks: `api_generation` (or TORALE_API_GENERATION) when
 * it pins one; else what an earlier run learned for the same API URL within a day
 * (~/.torale/generations.json); else one `GET /health`, remembered for the next runs. A recalled
 * generation is forgotten as soon as an answer shows a task of the other generation's shape,
 * so a server that changed is asked again by the next command.
 */
import type { ApiClient } from "../api/client.ts";
import { detectGeneration, type Generation, isCurrentTask } from "../api/generation.ts";
import type { Task } from "../api/types.ts";
import { KnownGenerations } from "../config/generations.ts";
import type { Settings } from "../config/resolve.ts";
import type { Deps } from "../deps.ts";

/** What of a session the memory needs. */
export interface GenerationSession {
  readonly deps: Deps;
  readonly settings: Settings;
  readonly store: { readonly dir: string };
  warn(text: string): void;
  clientWith(apiKey: string | undefined): ApiClient;
}

/** The generation of one session's API, learned at most once per run. */
export class GenerationMemory {
  readonly #session: GenerationSession;
  readonly #known: KnownGenerations;
  #generation?: Promise<Generation>;
  /** The generation recalled from an earlier run, while no answer has contradicted it. */
  #recalled?: Generation;

  constructor(session: GenerationSession) {
    this.#session = session;
    this.#known = new KnownGenerations(session.store.dir);
  }

  /** The pinned generation, else the one recalled, else the one detected (and remembered). */
  generation(): Promise<Generation> {
    const pinned = this.#session.settings.generation.value;
    this.#generation ??= pinned === "auto" ? this.#recallOrDetect() : Promise.resolve(pinned);
    return this.#generation;
  }

  async #recallOrDetect(): Promise<Generation> {
    const { deps, settings } = this.#session;
    const url = settings.apiUrl.value;
    const recalled = await this.#known.recall(url, deps.clock.now());
    if (recalled) return this.#recalled = recalled;
    const detected = await detectGeneration(this.#session.clientWith(undefined));
    await this.#known.remember(url, detected, deps.clock.now());
    return detected;
  }

  /**
   * Looks at a decoded answer: a task of the other generation's shape contradicts the one
   * recalled, which is then forgotten (the next command asks `GET /health` again).
   */
  async check(path: string, body: unknown): Promise<void> {
    const recalled = this.#recalled;
    if (!recalled || !path.startsWith("/api/v1/tasks")) return;
    const first = Array.isArray(body) ? body[0] : body;
    if (!first || typeof first !== "object" || !("name" in first) || !("state" in first)) return;
    if (isCurrentTask(first as Task) === (recalled === "current")) return;
    this.#recalled = undefined;
    const url = this.#session.settings.apiUrl.value;
    await this.#known.forget(url);
    this.#session.warn(
      `${url} no longer answers as the ${recalled} API remembered for it; the next command checks its generation again`,
    );
  }
}
