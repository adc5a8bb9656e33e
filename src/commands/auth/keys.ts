/** `torale auth keys list|create|revoke`: manage API keys on `/auth/api-keys`. */
import { type ApiKeyInfo, type CreatedApiKey, isUuid } from "../../api/types.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { ApiError, UsageError } from "../../errors.ts";
import { formatTime } from "../../output/time.ts";

/** Runs `auth keys list`. */
export async function list(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const keys = await session.api().get<ApiKeyInfo[]>("/auth/api-keys", { expect: "list" });
  await session.output(keys, () => {
    if (keys.length === 0) return session.print("No API keys found.");
    session.table(
      [
        { header: "ID" },
        { header: "PREFIX" },
        { header: "NAME", shrink: true },
        { header: "CREATED" },
        { header: "LAST USED" },
        { header: "ACTIVE" },
      ],
      keys.map((k) => [
        k.id,
        k.key_prefix,
        k.name,
        formatTime(k.created_at),
        formatTime(k.last_used_at),
        k.is_active ? "yes" : "no",
      ]),
    );
  });
}

/** Runs `auth keys create <name>`. */
export async function create(this: Context, _flags: NoFlags, name: string): Promise<void> {
  if (name.trim() === "") throw new UsageError("The key name must not be empty");
  const session = await Session.open(this.deps, this.globals);
  const created = await session.api().post<CreatedApiKey>("/auth/api-keys", {
    body: { name: name.trim() },
    expect: "object",
  });
  session.warn("Store this key now: it is shown only once");
  await session.output(created, () => {
    session.print(created.key);
    session.info(
      `Created key "${created.key_info.name}" (id ${created.key_info.id})`,
    );
    session.info(`Use it with: torale auth set-api-key`);
  });
}

/** Flags of `auth keys revoke`. */
export type RevokeFlags = { yes?: boolean };

/** Runs `auth keys revoke <id>`. */
export async function revoke(this: Context, flags: RevokeFlags, input: string): Promise<void> {
  const id = input.trim();
  if (!isUuid(id)) {
    throw new UsageError(`Invalid key id "${input}": expected the key's id, a UUID`, {
      hints: ["List your keys and their ids with: torale auth keys list"],
    });
  }
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  if (!flags.yes) {
    if (!this.deps.io.stdin.isTerminal) {
      throw new UsageError("Refusing to revoke without --yes when stdin is not a terminal", {
        hints: [`Run: torale auth keys revoke ${id} --yes`],
      });
    }
    const ok = await this.deps.prompt.confirm(
      `Revoke API key ${id}? Commands using it will stop working.`,
    );
    if (!ok) return session.info("Cancelled; the key is still active.");
  }
  try {
    await client.delete(`/auth/api-keys/${encodeURIComponent(id)}`);
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
  await session.output({ id, status: "revoked" }, () => {
    session.print(`${session.colors.green("✓")} Revoked API key ${id}`);
  });
}
