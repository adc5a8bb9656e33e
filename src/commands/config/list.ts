/** `torale config` / `torale config list`: every effective setting and where it came from. */
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { keyLocation } from "../../kit/credentials.ts";
import { effectiveSettings } from "./settings.ts";

/** Runs `config` / `config list`. */
export default async function list(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const { profile } = session.settings;
  const from = { flag: "--profile", env: "env (TORALE_PROFILE)", file: session.store.path }[
    profile.source as string
  ] ?? "default";
  const stored = keyLocation(session, profile.name);
  const rows = {
    profile: { value: profile.name, source: from },
    ...effectiveSettings(session),
    key_stored_in: { value: stored ?? null, source: "profile " + profile.name },
  };
  await session.output(rows, (rows) => {
    session.table(
      [{ header: "KEY" }, { header: "VALUE", shrink: true }, { header: "SOURCE", shrink: true }],
      Object.entries(rows).map(([key, { value, source }]) => [
        key,
        value === null ? "(not set)" : String(value),
        source,
      ]),
    );
  });
}
