/** `torale auth keys list|create|revoke`: manage API keys on `/auth/api-keys`. */
import { shortIds } from "../../api/ids.ts";
import { createKey, findKey, listKeys, revokeKey } from "../../api/keys.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { UsageError } from "../../errors.ts";
import { clean } from "../../output/sanitize.ts";
import { formatTime, relativeTime } from "../../output/time.ts";

/**
 * A key's prefix as the service gives it (`sk_` + 12 characters + `...`), which identifies the
 * key without revealing it: shown as is, where anything else key-shaped is masked.
 */
const PREFIX_SHAPE = /^sk_[A-Za-z0-9_-]{12}\.\.\.$/;

/** Runs `auth keys list`. */
export async function list(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const keys = await listKeys(session.api());
  const raw = keys;
  await session.output(keys, (keys) => {
    if (keys.length === 0) return session.print("No API keys found.");
    const { compact } = session;
    const ids = shortIds(keys.map((k) => String(k.id)));
    const now = session.deps.clock.now();
    const when = (iso: string | null) =>
      compact ? (iso ? relativeTime(iso, now) : "-") : formatTime(iso);
    session.table(
      [
        { header: "ID" },
        { header: "PREFIX" },
        { header: "NAME", shrink: true },
        { header: "CREATED", drop: 2 },
        { header: "LAST USED", drop: 1 },
        { header: "ACTIVE" },
      ],
      keys.map((k, i) => [
        compact ? ids.get(String(k.id))! : k.id,
        PREFIX_SHAPE.test(String(raw[i].key_prefix)) ? raw[i].key_prefix : k.key_prefix,
        k.name,
        when(k.created_at),
        when(k.last_used_at),
        k.is_active ? "yes" : "no",
      ]),
    );
  });
}

/** Runs `auth keys create <name>`. */
export async function create(this: Context, _flags: NoFlags, name: string): Promise<void> {
  if (name.trim() === "") throw new UsageError("The key name must not be empty");
  const session = await Session.open(this.deps, this.globals);
  const created = await createKey(session.api(), name.trim());
  session.warn("Store this key now: it is shown only once");
  await session.output(created, (shown) => {
    // The one place a full key is printed: what the user asked for, shown once.
    session.print(clean(created.key));
    session.info(`Created key "${shown.key_info.name}" (id ${shown.key_info.id})`);
    session.info(`Use it with: torale auth set-api-key`);
  });
}

/** Flags of `auth keys revoke`. */
export type RevokeFlags = { yes?: boolean };

/** Runs `auth keys revoke <id>`. */
export async function revoke(this: Context, flags: RevokeFlags, input: string): Promise<void> {
  if (!/^[0-9a-f-]+$/i.test(input.trim())) {
    throw new UsageError(`Invalid key id "${input}": expected the key's id or a prefix of it`, {
      hints: ["List your keys and their ids with: torale auth keys list"],
    });
  }
  const session = await Session.open(this.deps, this.globals);
  const client = session.api();
  const key = await findKey(client, input);
  if (!flags.yes) {
    if (!this.deps.io.stdin.isTerminal) {
      throw new UsageError("Refusing to revoke without --yes when stdin is not a terminal", {
        hints: [`Run: torale auth keys revoke ${key.id} --yes`],
      });
    }
    const ok = await this.deps.prompt.confirm(
      `Revoke API key "${
        clean(String(key.name))
      }" (${key.key_prefix})? Commands using it will stop working.`,
    );
    if (!ok) return session.info("Cancelled; the key is still active.");
  }
  await revokeKey(client, key.id);
  await session.output({ id: key.id, status: "revoked" }, (shown) => {
    session.print(`${session.colors.ok} Revoked API key ${shown.id}`);
  });
}
