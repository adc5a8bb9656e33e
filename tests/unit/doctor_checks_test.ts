/** The pure parts of `torale doctor`: proxy values, clock skew and file modes. */
import assert from "node:assert/strict";
import {
  clockCheck,
  configCheck,
  type HealthProbe,
  MAX_CLOCK_SKEW_MS,
} from "../../src/commands/doctor/checks.ts";
import { maskProxy, proxyProblem } from "../../src/commands/doctor/proxy.ts";

Deno.test("maskProxy hides the password of user:password@, and a bare token", async (t) => {
  const cases: [string, string][] = [
    ["http://bob:hunter2@proxy:3128", "http://bob:***@proxy:3128"],
    ["bob:hunter2@proxy:3128", "bob:***@proxy:3128"],
    ["http://bob:p@ss@proxy:3128/", "http://bob:***@proxy:3128/"],
    ["socks5h://token@proxy", "socks5h://***@proxy"],
    ["http://proxy:3128/a@b", "http://proxy:3128/a@b"],
    ["http://proxy:3128", "http://proxy:3128"],
  ];
  for (const [value, shown] of cases) {
    await t.step(value, () => assert.equal(maskProxy(value), shown));
  }
});

Deno.test("proxyProblem accepts what Deno can use and names what it would ignore", async (t) => {
  const cases: [string, RegExp | undefined][] = [
    ["http://proxy.example:3128", undefined],
    ["proxy.example:3128", undefined],
    ["https://bob:pw@proxy.example", undefined],
    ["socks5h://proxy.example:1080", undefined],
    ["ftp://proxy.example:21", /ftp:\/\/ is not a proxy scheme/],
    ["http://bob@proxy.example", /user:password@/],
    ["http://proxy.example:port", /not a URL/],
  ];
  for (const [value, problem] of cases) {
    await t.step(value, () => {
      const found = proxyProblem(value);
      if (problem) assert.match(found ?? "", problem);
      else assert.equal(found, undefined);
    });
  }
});

Deno.test("clockCheck fails only beyond 5 minutes either way, and skips a missing Date", () => {
  const server = Date.parse("2026-01-01T00:00:00Z");
  const probe = (
    at: number,
    date: string | null = new Date(server).toUTCString(),
  ): HealthProbe => ({
    ms: 5,
    body: {},
    answer: { date, at },
  });
  assert.equal(clockCheck(probe(server + MAX_CLOCK_SKEW_MS)).ok, true);
  assert.equal(clockCheck(probe(server - MAX_CLOCK_SKEW_MS)).ok, true);
  assert.equal(clockCheck(probe(server + MAX_CLOCK_SKEW_MS + 1000)).ok, false);
  assert.match(clockCheck(probe(server - 3 * 3600_000)).detail, /^3 h behind the server's/);
  assert.deepEqual(clockCheck(probe(server, null)), {
    name: "clock",
    ok: true,
    detail: "not checked: the server sent no usable Date header",
  });
});

Deno.test("configCheck fixes only what is open to others; missing and modeless are fine", () => {
  const paths = { dir: "/h/.torale", file: "/h/.torale/config.json" };
  assert.deepEqual(configCheck(paths, { dir: 0o755, file: 0o600 }), {
    name: "config_files",
    ok: false,
    detail: "/h/.torale 0755 (should be 0700), /h/.torale/config.json 0600: open to other users",
    fix: 'Run: chmod 700 "/h/.torale"',
  });
  assert.equal(configCheck(paths, { dir: 0o700, file: undefined }).ok, true);
  assert.equal(configCheck(paths, { dir: undefined, file: undefined }).ok, true);
  assert.equal(configCheck(paths, { dir: null, file: null }).ok, true);
});
