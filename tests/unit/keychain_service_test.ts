import assert from "node:assert/strict";
import {
  openKeychain,
  SERVICE,
  serviceName,
  TEST_SERVICE_PREFIX,
  TEST_SERVICE_VAR,
} from "../../src/system/keychain.ts";

Deno.test("keys go under torale-cli unless a test names a torale-cli-test- service", () => {
  assert.equal(serviceName(undefined), SERVICE);
  assert.equal(serviceName(""), SERVICE);
  assert.equal(serviceName(`${TEST_SERVICE_PREFIX}ab12`), "torale-cli-test-ab12");
  for (const bad of ["torale-cli", "torale-cli-test-", "torale-cli-test-a b", "1password"]) {
    const refused = serviceName(bad);
    assert.equal(typeof refused, "object", bad);
    assert.match(
      (refused as { unavailable: string }).unavailable,
      /TORALE_TEST_KEYCHAIN_SERVICE must start with "torale-cli-test-"/,
    );
  }
});

Deno.test("a refused test service name makes the store unavailable before it is opened", async () => {
  const env = (name: string) => name === TEST_SERVICE_VAR ? SERVICE : undefined;
  assert.deepEqual(await openKeychain(env), {
    unavailable: 'TORALE_TEST_KEYCHAIN_SERVICE must start with "torale-cli-test-"',
  });
});
