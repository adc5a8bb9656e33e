/** `torale public …`: the specs of the tree; each verb is loaded only when it runs. */
import { UsageError } from "../../errors.ts";
import { arg, args, command, routes, toggle } from "../../kit/spec.ts";

const publicId = args(
  arg("Public task id: the full UUID or a unique prefix of at least 4 characters", "id"),
);

/** A whole number from `min` to `max`. */
function wholeNumber(min: number, max: number) {
  return (input: string): number => {
    const value = /^\s*\d+\s*$/.test(input) ? Number(input) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new UsageError(
        max === Infinity
          ? `expected a whole number of at least ${min}`
          : `expected a whole number from ${min} to ${max}`,
      );
    }
    return value;
  };
}

/** A `--limit` of 1..100, as the service takes it. */
const limitParse = { kind: "parsed", parse: wholeNumber(1, 100), placeholder: "N" } as const;

/** The `public` tree. */
export function publicRoutes() {
  return routes({
    brief: "Public tasks anyone can read, their RSS feeds, and the service's capacity",
    description: [
      "These need no API key (one is sent when configured, so you see your own tasks'",
      "notifications). All but stats need the current Torale API. The service answers 10",
      "public requests a minute per address (20 for one task): a refused request waits and",
      "asks again, up to 90 s.",
    ],
    examples: [
      "torale public list",
      "torale public get 9a1b",
      "torale public stats",
    ],
    routes: {
      list: command({
        load: async () => (await import("./list.ts")).default,
        parameters: {
          flags: {
            sort: {
              kind: "enum",
              values: ["recent", "popular"],
              brief: "recent (newest first) or popular (most viewed first)",
              default: "recent",
            },
            limit: {
              ...limitParse,
              brief: "Tasks per page, 1-100 (default 20; 100 with --paginate)",
              optional: true,
            },
            offset: {
              kind: "parsed",
              parse: wholeNumber(0, Infinity),
              brief: "Skip the first N tasks",
              placeholder: "N",
              default: "0",
            },
            paginate: toggle("Follow the pages to the last one (waits out the rate limit)"),
          },
          aliases: { l: "limit" },
        },
        brief: "List public tasks, newest or most viewed first (current API)",
        description: [
          "No key needed; with one, your own public tasks show their notifications. The",
          "service answers 10 list requests a minute per address: when it refuses one, the",
          "command waits (saying so on stderr) and asks again, giving up after 90 s (exit 5).",
          "--limit with --paginate is the page size; --json prints the tasks as a list.",
        ],
        examples: [
          "torale public list",
          "torale public list --sort popular --limit 5",
          "torale public list --paginate --json | jq -r '.[].id'",
          "torale public list   # (classic API only) exits 2",
        ],
      }),
      get: command({
        load: async () => (await import("./get.ts")).default,
        parameters: { flags: {}, positional: publicId },
        brief: "Show every field of a public task (current API)",
        examples: ["torale public get 9a1b", "torale public get 9a1b --json"],
      }),
      rss: command({
        load: async () => (await import("./rss.ts")).default,
        parameters: {
          flags: { raw: toggle("Fetch the feed and print its XML as sent") },
          positional: publicId,
        },
        brief: "A public task's RSS feed: its URL, or the feed itself (current API)",
        description: [
          "Prints the URL to give a feed reader. --json (or --yaml, --jq) fetches the",
          "feed and prints its channel and items; --raw prints the XML. A task that is",
          "not public has no feed, even for its owner.",
        ],
        examples: [
          "torale public rss 9a1b",
          "torale public rss 9a1b --json",
          "torale public rss 9a1b --jq '.items[].title'",
          "torale public rss 9a1b --raw",
          "torale public rss 3f2c --json   # exits 1: 3f2c is private",
        ],
      }),
      feed: command({
        load: async () => (await import("./feed.ts")).default,
        parameters: {
          flags: { limit: { ...limitParse, brief: "Show at most N runs (1-100)", default: "20" } },
          aliases: { l: "limit" },
        },
        brief: "Runs of public tasks that notified, newest first (current API)",
        examples: ["torale public feed", "torale public feed --limit 5 --json"],
      }),
      stats: command({
        load: async () => (await import("./stats.ts")).default,
        parameters: { flags: {} },
        brief: "The service's capacity: users signed up, places left (both APIs)",
        examples: [
          "torale public stats",
          "torale public stats --json",
          "torale public stats   # (classic API only)",
        ],
      }),
    },
  });
}
