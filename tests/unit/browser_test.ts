/** The browser opener (src/system/browser.ts): which program, and what it refuses to open. */
import assert from "node:assert/strict";
import { openBrowser, openerFor } from "../../src/system/browser.ts";

Deno.test("the opener passes the URL as one argument, never through a shell", () => {
  const url = "https://example.com/a?x=1&y=2";
  assert.deepEqual(openerFor("darwin", url), ["open", [url]]);
  assert.deepEqual(openerFor("linux", url), ["xdg-open", [url]]);
  // Not `cmd /c start`, which would read & as a command separator.
  assert.deepEqual(openerFor("windows", url), ["rundll32", ["url.dll,FileProtocolHandler", url]]);
});

Deno.test("only http(s) URLs are opened: anything else is refused before a program starts", async () => {
  const started: string[][] = [];
  const start = (program: string, args: string[]) => {
    started.push([program, ...args]);
    return Promise.resolve(true);
  };
  for (
    const url of ["file:///etc/passwd", "javascript:alert(1)", "not a url", "ftp://x.example/"]
  ) {
    assert.equal(await openBrowser(url, start), false, url);
  }
  assert.equal(started.length, 0, started.join(" "));
  assert.equal(await openBrowser("https://example.com/ok", start), true);
  assert.equal(started.length, 1);
  assert.equal(started[0].at(-1), "https://example.com/ok");
});
