/** The API-key resource (`/auth/api-keys`): paths, shapes and its own "not found". */
import { ApiError } from "../errors.ts";
import type { ApiClient } from "./client.ts";
import type { ApiKeyInfo, CreatedApiKey } from "./types.ts";

const KEYS = "/auth/api-keys";

/** `GET /auth/api-keys`. */
export function listKeys(client: ApiClient): Promise<ApiKeyInfo[]> {
  return client.get<ApiKeyInfo[]>(KEYS, { expect: "list" });
}

/** `POST /auth/api-keys`: the only answer that holds the full key. */
export function createKey(client: ApiClient, name: string): Promise<CreatedApiKey> {
  return client.post<CreatedApiKey>(KEYS, { body: { name }, expect: "object" });
}

/** `DELETE /auth/api-keys/{id}` for a full key id. */
export async function revokeKey(client: ApiClient, id: string): Promise<void> {
  try {
    await client.delete(`${KEYS}/${encodeURIComponent(id)}`);
  } catch (error) {
    // The API also answers 404 "User not found"; that one passes through as it is.
    if (error instanceof ApiError && error.status === 404 && error.detail === "API key not found") {
      throw new ApiError(`API key not found: ${id}`, {
        status: 404,
        cause: error,
        hints: ["List your keys and their ids with: torale auth keys list"],
      });
    }
    throw error;
  }
}
