/** Reading RSS as the service writes it (ElementTree, `xmlns:atom` declared twice) and leniently. */
import assert from "node:assert/strict";
import { parseRss } from "../../src/api/rss.ts";
import { rssXml } from "../../local_api/shapes/rss.ts";
import type { ExecutionRow } from "../../local_api/storage/mod.ts";

const ATOM = "http://www.w3.org/2005/Atom";

Deno.test("parseRss reads the service's feed: channel, self link, items, entities, empty elements", () => {
  const xml = "<?xml version='1.0' encoding='utf-8'?>\n" +
    `<rss xmlns:atom="${ATOM}" version="2.0" xmlns:atom="${ATOM}"><channel>` +
    "<title>A &amp; B - Torale Monitor</title><link>https://torale.ai/tasks/1</link>" +
    "<description>Monitoring results for: x &lt; y</description><language>en-us</language>" +
    '<atom:link rel="self" type="application/rss+xml" href="https://api/tasks/1/rss?a=1&amp;b=&quot;2&quot;" />' +
    '<item><title>Met &#233; &#x263A;</title><link>https://torale.ai/tasks/1</link><guid isPermaLink="false">r1</guid>' +
    "<pubDate>Mon, 27 Apr 2026 09:00:00 +0000</pubDate><description>Line 1\n\nSources:\n- A: https://a</description>" +
    "<category>Condition Met</category></item>" +
    '<item><title>Execution x</title><guid isPermaLink="false">r2</guid><description /></item>' +
    "</channel></rss>";
  assert.deepEqual(parseRss(xml), {
    channel: {
      title: "A & B - Torale Monitor",
      link: "https://torale.ai/tasks/1",
      description: "Monitoring results for: x < y",
      language: "en-us",
      self: 'https://api/tasks/1/rss?a=1&b="2"',
    },
    items: [
      {
        title: "Met é ☺",
        link: "https://torale.ai/tasks/1",
        guid: "r1",
        pubDate: "Mon, 27 Apr 2026 09:00:00 +0000",
        description: "Line 1\n\nSources:\n- A: https://a",
        category: "Condition Met",
      },
      {
        title: "Execution x",
        link: null,
        guid: "r2",
        pubDate: null,
        description: "",
        category: null,
      },
    ],
  });
});

Deno.test("parseRss: CDATA, comments and indentation; anything without rss/channel is undefined", () => {
  const xml =
    `<rss version="2.0">\n  <!-- c -->\n  <channel>\n    <title><![CDATA[<b>bold</b>]]></title>\n  </channel>\n</rss>`;
  assert.equal(parseRss(xml)?.channel.title, "<b>bold</b>");
  assert.deepEqual(parseRss(xml)?.items, []);
  for (const other of ["<html><body>hi</body></html>", "", "not xml", "<rss></rss>"]) {
    assert.equal(parseRss(other), undefined, other);
  }
});

Deno.test("what the local API writes, parseRss reads back", () => {
  const run = {
    id: "r1",
    notification: "Price < $5 & falling",
    result: JSON.stringify({ evidence: 'Seen "today"' }),
    grounding_sources: JSON.stringify([{ url: "https://a.example/?q=1&r=2", title: "A <1>" }]),
    completed_at: "2026-04-27T09:00:00Z",
  } as ExecutionRow;
  const xml = rssXml({ id: "t1", name: "N & M", condition_description: null }, [run], {
    frontendUrl: "https://torale.ai",
    feedUrl: "https://x/tasks/t1/rss?a&b",
  });
  const feed = parseRss(xml)!;
  assert.deepEqual(feed.channel, {
    title: "N & M - Torale Monitor",
    link: "https://torale.ai/tasks/t1",
    description: "Monitoring results for: None",
    language: "en-us",
    self: "https://x/tasks/t1/rss?a&b",
  });
  assert.deepEqual(feed.items[0], {
    title: "Price < $5 & falling",
    link: "https://torale.ai/tasks/t1",
    guid: "r1",
    pubDate: "Mon, 27 Apr 2026 09:00:00 +0000",
    description: 'Seen "today"\n\n\nSources:\n- A <1>: https://a.example/?q=1&r=2',
    category: "Condition Met",
  });
});

Deno.test("parseRss reads crafted text in linear time: unterminated sections, long tags, deep nesting", () => {
  const crafted = [
    "<rss><channel><title>" + "<![CDATA[".repeat(1500),
    "<rss><channel><title>" + "<!--".repeat(3000),
    `<rss><channel><title x${"b".repeat(200_000)}>t</title></channel></rss>`,
    "<rss><channel>" + "<a>".repeat(40_000) + "</x>".repeat(40_000),
  ];
  for (const xml of crafted) {
    const started = performance.now();
    parseRss(xml);
    const ms = performance.now() - started;
    assert(ms < 1000, `${xml.slice(0, 30)}…: ${Math.round(ms)} ms`);
  }
});

Deno.test("parseRss: attributes in either quotes, spaced, unquoted ones skipped; a stray deep tail is dropped", () => {
  const xml = `<rss><channel><atom:link x=1 rel = 'self'  a href="https://h/?a=1&amp;b" />` +
    `<title>T</title>${"<d>".repeat(100)}</channel></rss>`;
  const feed = parseRss(xml);
  assert.equal(feed?.channel.self, "https://h/?a=1&b");
  assert.equal(feed?.channel.title, "T");
});
