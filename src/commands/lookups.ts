/**
 * Completion lookups for routes: each loads `candidates.ts` (and the API
 * client, the config store…) only when Tab asks, so a routes file can use
 * them without slowing the commands it declares.
 */
import type { Candidates } from "../kit/spec.ts";

/** The user's task ids, with their names. */
export const taskIds: Candidates = async (context, partial) =>
  (await import("./candidates.ts")).taskIdCandidates(context, partial);

/** Template ids, with their names. */
export const templateIds: Candidates = async (context, partial) =>
  (await import("./candidates.ts")).templateIdCandidates(context, partial);

/** Profile names in the config file, with their API URLs. */
export const profiles: Candidates = async (context, partial) =>
  (await import("./candidates.ts")).profileCandidates(context, partial);

/** The toolkits the service offers (current API), with their names. */
export const toolkitSlugs: Candidates = async (context, partial) =>
  (await import("./candidates.ts")).toolkitCandidates(context, partial);
