/** `torale auth logout`: remove the stored key of a profile (or of all), keep every other setting. */
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { forgetKey } from "../../kit/credentials.ts";
import { profileNames } from "../../config/profiles.ts";
import { ConfigError } from "../../errors.ts";

/** Flags of `auth logout`. */
export type LogoutFlags = { all?: boolean };

/** Runs `auth logout`. */
export default async function logout(this: Context, flags: LogoutFlags): Promise<void> {
  const session = await Session.open(this.deps, this.globals);
  const { store } = session;
  const profiles = flags.all ? profileNames(session.config.raw) : [session.settings.profile.name];
  const removed: string[] = [];
  const places = new Set<string>();
  const failed: string[] = [];
  let lost = 0;
  // Every key that can be removed is, even when one profile's store cannot be reached; what is
  // left is reported at the end.
  for (const profile of profiles) {
    try {
      const { removed: place, notInStore } = await forgetKey(session, profile);
      if (notInStore) {
        lost++;
        session.warn(
          `${notInStore} had no key for profile "${profile}" (reset, or removed outside torale); its reference in ${store.path} is removed`,
        );
      }
      if (place) {
        removed.push(profile);
        places.add(place);
      }
    } catch (error) {
      if (!(error instanceof ConfigError) || profiles.length === 1) throw error;
      failed.push(`profile ${profile}: ${error.message}`);
    }
  }
  // The key counts as removed only when no file under ~/.torale holds one: a
  // copy an interrupted write left is deleted on the way, a backup is not.
  // With other profiles left, their keys are rightly still in the file.
  const everyProfile = flags.all || profileNames(session.config.raw).length === 1;
  const copies = everyProfile ? await store.keyCopies() : [];
  const which = (names: string[]) =>
    names.length === 1 && names[0] === "default" ? "" : ` (profile ${names.join(", ")})`;
  if (copies.length === 0) {
    if (removed.length > 0) {
      const from = [...places].join(" and ");
      session.print(`${session.colors.ok} Removed the API key${which(removed)} from ${from}`);
    } else if (failed.length === 0 && lost === 0) {
      session.print(`No API key was stored in ${store.path}${which(profiles)}`);
    }
  }
  if (this.deps.env("TORALE_API_KEY")) {
    session.warn("TORALE_API_KEY is still set and will keep authenticating commands");
  }
  if (failed.length > 0) {
    throw new ConfigError(
      `The key${failed.length === 1 ? "" : "s"} of ${failed.length} profile${
        failed.length === 1 ? "" : "s"
      } could not be removed`,
      {
        hints: [
          ...failed,
          "Run torale auth logout --all again where the OS credential store is available.",
        ],
      },
    );
  }
  if (copies.length > 0) {
    throw new ConfigError(`An API key is still stored in ${copies.join(", ")}`, {
      hints: [
        ...(removed.length > 0
          ? [`"api_key" was removed from ${store.path}, but that is not the only copy.`]
          : []),
        "Delete the key from these files by hand; torale only removes the files it writes.",
      ],
    });
  }
}
