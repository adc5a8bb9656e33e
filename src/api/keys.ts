/** The API-key resource (`/auth/api-keys`): paths, shapes and its own "not found". */
import { ApiError, AuthError } from "../errors.ts";
import { type IdKind, resolveId } from "./ids.ts";
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

const KEY_IDS: IdKind = {
  noun: "API key",
  listCommand: "torale auth keys list",
  notFound: (input) =>
    new ApiError(`API key not found: ${input}`, {
      status: 404,
      hints: ["List your keys and their ids with: torale auth keys list"],
    }),
};

/** The key a full id or a unique prefix (at least 4 characters) names. */
export async function findKey(client: ApiClient, input: string): Promise<ApiKeyInfo> {
  const keys = await listKeys(client);
  const id = await resolveId(input, KEY_IDS, () => Promise.resolve(keys));
  const key = keys.find((k) => String(k.id).toLowerCase() === id.toLowerCase());
  if (!key) throw KEY_IDS.notFound(input);
  return key;
}

/** `DELETE /auth/api-keys/{id}` for a full key id. */
export async function revokeKey(client: ApiClient, id: string): Promise<void> {
  try {
    await client.delete(`${KEYS}/${encodeURIComponent(id)}`);
  } catch (error) {
    // The API also answers 404 "User not found"; that one passes through as it is.
    if (error instanceof ApiError && error.status === 404 && error.detail === "API key not found") {
      throw KEY_IDS.notFound(id);
    }
    throw error;
  }
}

/** Whether `key` (the full key this run sends, if any) is the key `info` describes. */
export function isKeyInUse(info: ApiKeyInfo, key: string | undefined): boolean {
  // The service's prefix is the key's first 15 characters and "...": enough to tell keys apart.
  return key !== undefined && `${key.slice(0, 15)}...` === info.key_prefix;
}

/** What the service holds for a key after a failed revoke, read back from its list. */
export type KeyState = "active" | "revoked" | "unknown";

/**
 * Reads key `id` back after a revoke failed (one `GET /auth/api-keys`): gone or inactive is
 * revoked. When `inUse` (the client sends that very key) a rejected key is revoked too.
 */
export async function keyStateNow(
  client: ApiClient,
  id: string,
  inUse: boolean,
): Promise<KeyState> {
  try {
    const key = (await listKeys(client)).find((k) =>
      String(k.id).toLowerCase() === id.toLowerCase()
    );
    if (!key || key.is_active === false) return "revoked";
    return key.is_active === true ? "active" : "unknown";
  } catch (error) {
    // A moment ago this key listed the keys: rejected now, it was revoked.
    if (inUse && error instanceof AuthError) return "revoked";
    return "unknown";
  }
}
