/** `torale auth keys list`: the account's API keys on `/auth/api-keys`. */
import { shortIds } from "../../api/ids.ts";
import { listKeys } from "../../api/keys.ts";
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { formatTime, relativeTime } from "../../output/time.ts";

/**
 * A key's prefix as the service gives it (`sk_` + 12 characters + `...`), which identifies the
 * key without revealing it: shown as is, where anything else key-shaped is masked.
 */
const PREFIX_SHAPE = /^sk_[A-Za-z0-9_-]{12}\.\.\.$/;

/** Runs `auth keys list`. */
export default async function list(this: Context, _flags: NoFlags): Promise<void> {
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
