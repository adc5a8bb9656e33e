/**
 * Reading a public task's RSS 2.0 feed (torale-api-current.md §3.7) into plain data. Lenient
 * on purpose: the service's root element declares `xmlns:atom` twice, which a strict XML
 * parser refuses. Only elements, attributes, text, entities and CDATA are understood.
 */

/** An XML element as read: its name, attributes, children and text. */
interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** The channel of a feed. */
export interface RssChannel {
  title: string | null;
  link: string | null;
  description: string | null;
  language: string | null;
  /** The feed's own URL (its `atom:link rel="self"`). */
  self: string | null;
}

/** One item: one successful run of the task. */
export interface RssItem {
  title: string | null;
  link: string | null;
  /** The run's id. */
  guid: string | null;
  /** RFC 2822, as sent. */
  pubDate: string | null;
  description: string | null;
  /** `Condition Met` when the run notified. */
  category: string | null;
}

/** A feed: its channel and its items, newest first as sent. */
export interface RssFeed {
  channel: RssChannel;
  items: RssItem[];
}

const TOKEN =
  /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<![^>]*>|<(\/?)([^\s/>]+)([^>]*?)(\/?)>|([^<]+)/g;
const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Text with XML's entities and character references replaced. */
function decode(text: string): string {
  const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== "#") return named[name] ?? whole;
    const code = name[1] === "x" || name[1] === "X"
      ? parseInt(name.slice(2), 16)
      : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The document's root element, or undefined when there is none. */
function parseXml(xml: string): XmlElement | undefined {
  const top: XmlElement = { name: "", attributes: {}, children: [], text: "" };
  const open = [top];
  for (const match of xml.matchAll(TOKEN)) {
    const [, cdata, closing, name, rest, selfClosing, text] = match;
    const parent = open[open.length - 1];
    if (cdata !== undefined) parent.text += cdata;
    else if (text !== undefined) parent.text += decode(text);
    else if (name === undefined) continue;
    else if (closing) {
      // A stray closing tag closes up to its element, if it is open at all.
      const at = open.findLastIndex((element) => element.name === name);
      if (at > 0) open.length = at;
    } else {
      const attributes: Record<string, string> = {};
      for (const [, key, double, single] of rest.matchAll(ATTRIBUTE)) {
        attributes[key] ??= decode(double ?? single);
      }
      const element: XmlElement = { name, attributes, children: [], text: "" };
      parent.children.push(element);
      if (!selfClosing) open.push(element);
    }
  }
  return top.children[0];
}

/** The text of the first child called `name`, or null when there is none. */
function childText(element: XmlElement, name: string): string | null {
  return element.children.find((child) => child.name === name)?.text ?? null;
}

/** Reads a feed; undefined when the text holds no `<rss>` with a `<channel>`. */
export function parseRss(xml: string): RssFeed | undefined {
  const root = parseXml(xml);
  const channel = root?.name === "rss"
    ? root.children.find((child) => child.name === "channel")
    : undefined;
  if (!channel) return undefined;
  const self = channel.children.find((child) =>
    /(^|:)link$/.test(child.name) && child.name !== "link" && child.attributes.rel === "self"
  );
  return {
    channel: {
      title: childText(channel, "title"),
      link: childText(channel, "link"),
      description: childText(channel, "description"),
      language: childText(channel, "language"),
      self: self?.attributes.href ?? null,
    },
    items: channel.children.filter((child) => child.name === "item").map((item) => ({
      title: childText(item, "title"),
      link: childText(item, "link"),
      guid: childText(item, "guid"),
      pubDate: childText(item, "pubDate"),
      description: childText(item, "description"),
      category: childText(item, "category"),
    })),
  };
}
