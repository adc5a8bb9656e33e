/** `torale auth list`: the profiles, each key masked, where it is stored, which is active. */
import type { Context, NoFlags } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { IN_KEYCHAIN, profileNames, profileRaw } from "../../config/profiles.ts";
import { DEFAULT_API_URL } from "../../config/schema.ts";
import { maskKey } from "../../output/mask.ts";

/** One row of `auth list --json`. */
export interface ProfileRow {
  name: string;
  active: boolean;
  key: string | null;
  key_location: "keychain" | "file" | null;
  api_url: string;
}

/** Runs `auth list`. */
export default async function list(this: Context, _flags: NoFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const { raw } = session.config;
  const active = session.settings.profile.name;
  const rows: ProfileRow[] = profileNames(raw).map((name) => {
    const profile = profileRaw(raw, name) ?? {};
    const inStore = profile.api_key_store === IN_KEYCHAIN;
    const fileKey = typeof profile.api_key === "string" ? profile.api_key : undefined;
    // A key in the store is not read just to list it: that would ask the store for every profile.
    const shownKey = fileKey ? maskKey(fileKey) : inStore ? "(in keychain)" : null;
    return {
      name,
      active: name === active,
      key: shownKey,
      key_location: inStore ? "keychain" : fileKey ? "file" : null,
      api_url: typeof profile.api_url === "string" ? profile.api_url : DEFAULT_API_URL,
    };
  });
  await session.output(rows, (rows) => {
    session.table(
      [{ header: "" }, { header: "PROFILE" }, { header: "KEY" }, { header: "STORED IN" }, {
        header: "API URL",
        shrink: true,
      }],
      rows.map((row) => [
        row.active ? "*" : "",
        row.name,
        row.key ?? "(none)",
        row.key_location ?? "-",
        row.api_url,
      ]),
    );
  });
}
