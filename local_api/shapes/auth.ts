/** The JSON of /auth/*: rows of users and api_keys as UserRead and APIKey (torale-api.md §3.1). */
import type { KeyRow, UserRow } from "../storage/mod.ts";

/** A user as UserRead. */
export function userJson(row: UserRow) {
  return {
    id: row.id,
    clerk_user_id: row.clerk_user_id,
    email: row.email,
    first_name: row.first_name ?? null,
    is_active: row.is_active === 1,
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
