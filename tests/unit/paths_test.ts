import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { pathFromFileUrl } from "../../src/paths.ts";

Deno.test("pathFromFileUrl gives node:url's path for local file URLs (no Node layer at start-up)", () => {
  for (
    const url of [
      "file:///home/me/torale/main.ts",
      "file:///home/me/my%20clone/m%C3%A4in.ts",
      "file:///tmp/a%23b/c.ts",
    ]
  ) {
    assert.equal(pathFromFileUrl(url), fileURLToPath(url), url);
  }
  assert.throws(() => pathFromFileUrl("https://example.com/main.ts"), /not a file URL/);
});
