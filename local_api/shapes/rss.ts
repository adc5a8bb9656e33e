/**
 * A public task's RSS 2.0 feed, byte for byte as the real service builds it with Python's
 * ElementTree (`public_tasks.py` get_task_rss_feed; torale-api-current.md §3.7): the root
 * declares `xmlns:atom` twice, an empty element is `<tag />`, text escapes only `&`, `<`, `>`.
 */
import type { ExecutionRow, TaskRow } from "../storage/mod.ts";
import { parseJson } from "./tasks.ts";

const ATOM = "http://www.w3.org/2005/Atom";

/** ElementTree's escaping of text. */
function text(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** ElementTree's escaping of an attribute value. */
function attribute(value: string): string {
  return text(value).replaceAll('"', "&quot;").replaceAll("\r", "&#13;")
    .replaceAll("\n", "&#10;").replaceAll("\t", "&#09;");
}

/** An element with text (`<tag />` when the text is empty), as ElementTree writes it. */
function element(tag: string, content: string, attributes = ""): string {
  return content === ""
    ? `<${tag}${attributes} />`
    : `<${tag}${attributes}>${text(content)}</${tag}>`;
}

/** Python's `str()` of a JSON value: None for null. */
function pyStr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Python's `datetime.isoformat()` of a stored `…Z` time. */
function pythonIso(at: string): string {
  return at.replace(/Z$/, "+00:00");
}

/** `email.utils.format_datetime` of an aware UTC time: RFC 2822 with `+0000`. */
function rfc2822(at: string): string {
  return new Date(at).toUTCString().replace(/GMT$/, "+0000");
}

/** What an item says: its title and its description (evidence, then sources). */
function itemText(run: ExecutionRow): { title: string; description: string } {
  const parsed = parseJson(run.result);
  const result = parsed && typeof parsed === "object" && !Array.isArray(parsed)
    ? parsed as Record<string, unknown>
    : {};
  const evidence = typeof result.evidence === "string" ? result.evidence : "";
  const sources = parseJson(run.grounding_sources);
  let title = `Execution ${pythonIso(run.completed_at!)}`;
  if (run.notification) title = run.notification;
  else if (evidence) {
    // Python slices code points, not UTF-16 units.
    const points = Array.from(evidence);
    title = points.slice(0, 100).join("") + (points.length > 100 ? "..." : "");
  }
  const parts: string[] = [];
  if (evidence) parts.push(evidence);
  if (Array.isArray(sources) && sources.length > 0) {
    parts.push("\n\nSources:");
    for (const source of sources) {
      if (!source || typeof source !== "object") continue;
      const url = "url" in source ? pyStr(source.url) : "";
      const label = "title" in source ? pyStr(source.title) : url;
      if (url.startsWith("https://") || url.startsWith("http://")) parts.push(`- ${label}: ${url}`);
    }
  }
  return { title, description: parts.join("\n") };
}

/** The feed of `task`: `runs` newest first, links to `frontendUrl`, its own URL `feedUrl`. */
export function rssXml(
  task: Pick<TaskRow, "id" | "name" | "condition_description">,
  runs: ExecutionRow[],
  urls: { frontendUrl: string; feedUrl: string },
): string {
  const link = `${urls.frontendUrl}/tasks/${task.id}`;
  const items = runs.map((run) => {
    const { title, description } = itemText(run);
    return "<item>" + element("title", title) + element("link", link) +
      element("guid", run.id, ' isPermaLink="false"') +
      element("pubDate", rfc2822(run.completed_at!)) + element("description", description) +
      (run.notification ? element("category", "Condition Met") : "") + "</item>";
  });
  return "<?xml version='1.0' encoding='utf-8'?>\n" +
    `<rss xmlns:atom="${ATOM}" version="2.0" xmlns:atom="${ATOM}"><channel>` +
    element("title", `${task.name} - Torale Monitor`) + element("link", link) +
    element("description", `Monitoring results for: ${pyStr(task.condition_description)}`) +
    element("language", "en-us") +
    `<atom:link rel="self" type="application/rss+xml" href="${attribute(urls.feedUrl)}" />` +
    items.join("") + "</channel></rss>";
}
