/** What the process sets NO_PROXY and no_proxy to before its first request (src/system/deps.ts). */
import assert from "node:assert/strict";
import { bypassProxyForLoopback } from "../../src/system/deps.ts";

/** Runs `bypassProxyForLoopback` with `env` set, then puts the variables back as they were. */
function bypassWith(env: { NO_PROXY?: string; no_proxy?: string }) {
  const saved = { NO_PROXY: Deno.env.get("NO_PROXY"), no_proxy: Deno.env.get("no_proxy") };
  const setProxyVars = (values: { NO_PROXY?: string; no_proxy?: string }) => {
    for (const name of ["NO_PROXY", "no_proxy"] as const) {
      const value = values[name];
      if (value === undefined) Deno.env.delete(name);
      else Deno.env.set(name, value);
    }
  };
  try {
    setProxyVars(env);
    const given = bypassProxyForLoopback();
    return { given, NO_PROXY: Deno.env.get("NO_PROXY"), no_proxy: Deno.env.get("no_proxy") };
  } finally {
    setProxyVars(saved);
  }
}

Deno.test("a user's lower-case no_proxy stays in force, with this machine added to both", () => {
  const set = bypassWith({ no_proxy: "torale.corp" });
  assert.equal(set.NO_PROXY, "torale.corp,127.0.0.0/8,localhost,::1");
  assert.equal(set.no_proxy, set.NO_PROXY);
  // What the CLI shows (doctor) is what the user set.
  assert.equal(set.given.get("no_proxy"), "torale.corp");
  assert.equal(set.given.get("NO_PROXY"), undefined);
});

Deno.test("NO_PROXY wins over no_proxy, as Deno reads them; nothing set gives this machine alone", () => {
  const both = bypassWith({ NO_PROXY: "a.example, localhost", no_proxy: "b.example" });
  assert.equal(both.NO_PROXY, "a.example,localhost,127.0.0.0/8,::1");
  assert.equal(both.no_proxy, both.NO_PROXY);
  const none = bypassWith({});
  assert.equal(none.NO_PROXY, "127.0.0.0/8,localhost,::1");
});
