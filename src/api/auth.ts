/** Who the key belongs to (`/auth/me`) and whether the API answers (`/health`). */
import type { ApiClient } from "./client.ts";
import type { User } from "./types.ts";

/** `GET /auth/me`: the user the key authenticates. */
export function currentUser(client: ApiClient): Promise<User> {
  return client.get<User>("/auth/me", { expect: "object" });
}

/** `GET /health`: resolves when the API answers. */
export async function health(client: ApiClient): Promise<void> {
  await client.get("/health");
}
