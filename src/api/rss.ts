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

const SPACE = /\s/;

/** The deepest nesting read (the document's own top counts as one). */
const MAX_DEPTH = 32;

/**
 * The attributes in what follows a tag's name. Read character by character, as the tags are:
 * a feed is server text, and a pattern that backtracks would take hours on a crafted one.
 */
function attributesOf(rest: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const skipSpace = (i: number) => {
    while (i < rest.length && SPACE.test(rest[i])) i++;
    return i;
  };
  let i = skipSpace(0);
  while (i < rest.length) {
    const start = i;
    while (i < rest.length && rest[i] !== "=" && !SPACE.test(rest[i])) i++;
    const key = rest.slice(start, i);
    i = skipSpace(i);
    if (rest[i] !== "=") {
      // A name without a value: skipped (at least one character, so the loop ends).
      i = skipSpace(Math.max(i, start + 1));
      continue;
    }
    i = skipSpace(i + 1);
    const quote = rest[i];
    if (quote !== '"' && quote !== "'") continue;
    const end = rest.indexOf(quote, i + 1);
    if (end < 0) break;
    if (key) attributes[key] ??= decode(rest.slice(i + 1, end));
    i = skipSpace(end + 1);
  }
  return attributes;
}

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

/** Where `close` ends after `from` (just past it), or -1 when the document stops first. */
function endOf(xml: string, close: string, from: number): number {
  const at = xml.indexOf(close, from);
  return at < 0 ? -1 : at + close.length;
}

/**
 * The document's root element, or undefined when there is none. One pass with `indexOf`, no
 * backtracking pattern: linear in the length of the text. An unterminated tag, comment or CDATA
 * section, or elements nested over {@link MAX_DEPTH} deep, end the document.
 */
function parseXml(xml: string): XmlElement | undefined {
  const top: XmlElement = { name: "", attributes: {}, children: [], text: "" };
  const open = [top];
  let at = 0;
  while (at < xml.length) {
    const parent = open[open.length - 1];
    const lt = xml.indexOf("<", at);
    if (lt !== at) {
      parent.text += decode(xml.slice(at, lt < 0 ? xml.length : lt));
      if (lt < 0) break;
    }
    if (xml.startsWith("<![CDATA[", lt)) {
      const end = endOf(xml, "]]>", lt + 9);
      if (end < 0) break;
      parent.text += xml.slice(lt + 9, end - 3);
      at = end;
      continue;
    }
    const close = xml.startsWith("<!--", lt) ? "-->" : xml.startsWith("<?", lt) ? "?>" : ">";
    const end = endOf(xml, close, lt + 1);
    if (end < 0) break;
    at = end;
    if (close !== ">" || xml[lt + 1] === "!") continue;
    let inner = xml.slice(lt + 1, end - 1);
    const closing = inner.startsWith("/");
    if (closing) inner = inner.slice(1);
    const name = /^[^\s/>]+/.exec(inner)?.[0];
    if (name === undefined) continue;
    if (closing) {
      // A stray closing tag closes up to its element, if it is open at all.
      const found = open.findLastIndex((element) => element.name === name);
      if (found > 0) open.length = found;
      continue;
    }
    const selfClosing = inner.endsWith("/");
    const rest = inner.slice(name.length, selfClosing ? -1 : undefined);
    const element: XmlElement = { name, attributes: attributesOf(rest), children: [], text: "" };
    parent.children.push(element);
    // A feed nests 4 deep: deeper is no feed, and each closing tag searches the open ones.
    if (!selfClosing && open.push(element) > MAX_DEPTH) break;
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
