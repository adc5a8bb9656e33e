/**
 * `torale public rss <id>` (current API): the URL of a public task's RSS feed, or with --json
 * (--yaml, --jq) the feed read into its channel and items, or with --raw its XML.
 */
import { fetchRss, requirePublicTask, resolvePublicTask, rssUrl } from "../../api/public.ts";
import { isUuid } from "../../api/types.ts";
import type { Context } from "../../kit/context.ts";
import { clean } from "../../output/sanitize.ts";
import { openPublic } from "./common.ts";

/** Flags of `public rss`. */
export interface RssFlags {
  raw?: boolean;
}

/** Runs `public rss`. */
export default async function rss(this: Context, flags: RssFlags, input: string): Promise<void> {
  const { session, client, patience } = await openPublic(this, "public rss", {
    currentOnly: true,
  });
  const id = await resolvePublicTask(client, input, patience);
  if (!flags.raw && session.format === "table") {
    // A full id is not looked up to resolve it: no URL for a feed that is not there.
    if (isUuid(input.trim().toLowerCase())) await requirePublicTask(client, id, patience);
    return session.print(rssUrl(client.baseUrl, id));
  }
  const { xml, feed } = await fetchRss(client, id, patience);
  if (!flags.raw) return await session.data(feed);
  // The XML quotes the task and its runs: exact when piped, escaped for a terminal.
  const { stdout } = this.deps.io;
  const text = xml.endsWith("\n") ? xml : `${xml}\n`;
  stdout.write(stdout.isTerminal ? clean(text) : text);
}
