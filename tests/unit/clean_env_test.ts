/** A cleaned child environment keeps the machine's certificates and proxies, and nothing else. */
import assert from "node:assert/strict";
import { cleanEnv, NETWORK_VARS, windowsEnv } from "../../scripts/clean_env.ts";

Deno.test("cleanEnv keeps CA and proxy settings in both cases, drops the rest, and lets env win", async () => {
  const set = {
    NODE_EXTRA_CA_CERTS: "/etc/ca/extra.pem",
    DENO_CERT: "/etc/ca/deno.pem",
    SSL_CERT_FILE: "/etc/ca/bundle.pem",
    HTTPS_PROXY: "http://proxy.example:3128",
    https_proxy: "http://proxy.example:3128",
    no_proxy: "localhost,127.0.0.1",
    TORALE_API_KEY: "sk_not_for_children",
  };
  const before = Object.fromEntries(Object.keys(set).map((name) => [name, Deno.env.get(name)]));
  try {
    for (const [name, value] of Object.entries(set)) Deno.env.set(name, value);
    const env = await cleanEnv({ HOME: "/tmp/home", HTTPS_PROXY: "http://mine.example:1" });
    assert.equal(env.NODE_EXTRA_CA_CERTS, "/etc/ca/extra.pem");
    assert.equal(env.DENO_CERT, "/etc/ca/deno.pem");
    assert.equal(env.SSL_CERT_FILE, "/etc/ca/bundle.pem");
    assert.equal(env.https_proxy, "http://proxy.example:3128");
    assert.equal(env.no_proxy, "localhost,127.0.0.1");
    assert.equal(env.HTTPS_PROXY, "http://mine.example:1", "what the caller gives wins");
    assert.equal(env.HOME, "/tmp/home");
    assert.ok(env.DENO_DIR, "the machine's Deno cache");
    assert.equal(env.TORALE_API_KEY, undefined, "nothing else of this process leaks through");
    assert.ok(NETWORK_VARS.includes("NO_PROXY") && NETWORK_VARS.includes("http_proxy"));
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) Deno.env.delete(name);
      else Deno.env.set(name, value);
    }
  }
});

Deno.test("on Windows a child keeps SystemRoot and TEMP (sockets, certificates); nowhere else", () => {
  const before = Deno.env.get("SystemRoot");
  try {
    Deno.env.set("SystemRoot", "C:\\Windows");
    assert.equal(windowsEnv("windows").SystemRoot, "C:\\Windows");
    assert.deepEqual(windowsEnv("linux"), {});
    assert.deepEqual(windowsEnv("darwin"), {});
  } finally {
    if (before === undefined) Deno.env.delete("SystemRoot");
    else Deno.env.set("SystemRoot", before);
  }
});
