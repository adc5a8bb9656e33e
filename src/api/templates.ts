/**
 * The template resource (`/api/v1/templates`, no auth; torale-api.md §3.3,
 * torale-api-current.md §3.5): paths, shape, prefix resolution and its own "not found".
 */
import { ApiError, type CliError } from "../errors.ts";
import type { ApiClient } from "./client.ts";
import { type IdKind, resolveId } from "./ids.ts";

const TEMPLATES = "/api/v1/templates/";

/**
 * A task template. Both generations send the first fields; the classic API adds
 * `schedule`, `notify_behavior`, `config` and `state`, the current one `is_active`.
 */
export interface TaskTemplate {
  id: string;
  name: string;
  description?: string | null;
  category?: string | null;
  icon?: string | null;
  search_query: string;
  condition_description: string;
  schedule?: string;
  notify_behavior?: "once" | "always" | "track_state";
  config?: Record<string, unknown>;
  state?: string;
  is_active?: boolean;
  created_at?: string;
  updated_at?: string | null;
  [extra: string]: unknown;
}

function templateNotFound(input: string): CliError {
  return new ApiError(`Template not found: "${input}"`, {
    status: 404,
    hints: ["List templates and their ids with: torale template list"],
  });
}

const TEMPLATE_IDS: IdKind = {
  noun: "template",
  listCommand: "torale template list",
  notFound: templateNotFound,
};

/** `GET /api/v1/templates/`, optionally one category (matched exactly, case included). */
export function listTemplates(client: ApiClient, category?: string): Promise<TaskTemplate[]> {
  return client.get<TaskTemplate[]>(TEMPLATES, { query: { category }, expect: "list" });
}

/** `GET /api/v1/templates/{id}` for a full id or a unique prefix of at least 4 characters. */
export async function getTemplate(client: ApiClient, input: string): Promise<TaskTemplate> {
  const id = await resolveId(input, TEMPLATE_IDS, () => listTemplates(client));
  try {
    return await client.get<TaskTemplate>(`${TEMPLATES}${encodeURIComponent(id)}`, {
      expect: "object",
    });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 422)) {
      throw templateNotFound(input);
    }
    throw error;
  }
}
