/** `deno task local-api` writes each email verification code to stderr, where a user reads it. */
import assert from "node:assert/strict";
import { startServer, stopServer } from "../helpers/local_api_process.ts";

Deno.test({
  name: "local-api: a verification code is a stderr line, not in the request log on stdout",
  ignore: Deno.build.os === "windows",
  async fn() {
    const server = await startServer(":memory:", ["--noauth"]);
    const sent = await fetch(`${server.url}/api/v1/email-verification/send`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "alerts@example.org" }),
    });
    assert.equal(sent.status, 200);
    await sent.body?.cancel();
    const stdout = await server.until(/POST \/api\/v1\/email-verification\/send 200/);
    const stderr = await server.until(/verification code/, "stderr");
    assert.equal((await stopServer(server)).code, 130);
    assert.match(
      stderr,
      /^\S+Z email verification code for alerts@example\.org: \d{6}$/m,
    );
    assert.doesNotMatch(stdout, /verification code/);
  },
});
