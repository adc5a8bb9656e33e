/**
 * The JSON of /auth/*: rows of users and api_keys as UserRead and APIKey (torale-api.md §3.1,
 * torale-api-current.md §3.1).
 */
import type { Generation } from "../http.ts";
import type { KeyRow, UserRow } from "../storage/mod.ts";

/** A user as UserRead; the current generation adds `username` and `has_seen_welcome`. */
export function userJson(row: UserRow, generation: Generation) {
  const current = generation === "current";
  return {
    id: row.id,
    clerk_user_id: row.clerk_user_id,
    email: row.email,
    first_name: row.first_name ?? null,
    ...(current ? { username: row.username ?? null } : {}),
    is_active: row.is_active === 1,
    ...(current ? { has_seen_welcome: row.has_seen_welcome === 1 } : {}),
    created_at: row.created_at,
  };
}

/** A key as APIKey: its prefix, never the key or its hash. */
export function keyJson(row: KeyRow) {
  return {
    id: row.id,
    user_id: row.user_id,
    key_prefix: row.key_prefix,
    name: row.name,
    created_at: row.created_at,
    last_used_at: row.last_used_at ?? null,
    is_active: row.is_active === 1,
  };
}
