/**
 * Values for shell completion, each with what it is: task and template ids
 * (with their names) from the API, profile names from the config file. A
 * lookup runs on every Tab, so an API call gets two seconds in all and every
 * lookup fails silently: no key, a server that is down or slow, a bad config
 * file all mean no candidates. Routes reach these through `lookups.ts`, so
 * nothing here loads until Tab asks.
 */
import { availableToolkits } from "../api/connectors.ts";
import { listTasks } from "../api/tasks.ts";
import { listTemplates } from "../api/templates.ts";
import { Session } from "../kit/session.ts";
import { configStore } from "../config/store.ts";
import { profileNames, profileValues } from "../config/profiles.ts";
import type { Context } from "../kit/context.ts";
import type { Candidate } from "../kit/spec.ts";

/** How long a Tab may wait for a list from the API, retries included. */
const LOOKUP_MS = 2000;

/** What an id looks like: anything else from a server is not offered to the shell. */
const ID_SHAPE = /^[A-Za-z0-9_-]{1,64}$/;

/** Ids starting with `partial` and not typed already, each with its name. */
function ids(
  context: Context,
  partial: string,
  items: readonly { id?: unknown; name?: unknown }[],
): Candidate[] {
  const typed = new Set(context.completion?.words);
  return items
    .filter(({ id }) =>
      typeof id === "string" && ID_SHAPE.test(id) && id.startsWith(partial) && !typed.has(id)
    )
    .map(({ id, name }) => ({
      value: id as string,
      description: typeof name === "string" ? name : "",
    }));
}

/** An API client for one Tab: the CLI's settings, with the lookup's deadline. */
async function client(context: Context) {
  const session = await Session.open(context.deps, context.globals);
  return session.api().withDeadline(context.deps.clock.now() + LOOKUP_MS);
}

/** The user's task ids starting with `partial` (none when the lookup fails). */
export async function taskIdCandidates(context: Context, partial: string): Promise<Candidate[]> {
  try {
    return ids(context, partial, await listTasks(await client(context)));
  } catch {
    return [];
  }
}

/** Template ids starting with `partial` (none when the lookup fails). */
export async function templateIdCandidates(
  context: Context,
  partial: string,
): Promise<Candidate[]> {
  try {
    return ids(context, partial, await listTemplates(await client(context)));
  } catch {
    return [];
  }
}

/** Toolkit slugs starting with `partial`, each with its name (none when the lookup fails). */
export async function toolkitCandidates(
  context: Context,
  partial: string,
): Promise<Candidate[]> {
  try {
    const toolkits = await availableToolkits(await client(context));
    return ids(
      context,
      partial,
      toolkits.map(({ slug, display_name }) => ({
        id: slug,
        name: display_name,
      })),
    );
  } catch {
    return [];
  }
}

/** Profile names starting with `partial`, each with its API URL; no request is made. */
export async function profileCandidates(context: Context, partial: string): Promise<Candidate[]> {
  try {
    const { raw } = await configStore(context.deps).read();
    return profileNames(raw).filter((name) => name.startsWith(partial)).map((name) => {
      let url = "";
      try {
        url = profileValues(raw, name, (why) => new Error(why)).api_url ?? "";
      } catch {
        // A profile with a bad setting is still a profile.
      }
      return { value: name, description: url };
    });
  } catch {
    return [];
  }
}
