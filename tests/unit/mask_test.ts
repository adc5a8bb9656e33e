import assert from "node:assert/strict";
import { maskKey, redactKeys } from "../../src/output/mask.ts";
import { checkKeyFormat } from "../../src/commands/auth/set_api_key.ts";
import { UsageError } from "../../src/errors.ts";

function fakeKey(length = 43): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  return "sk_" + Array.from({ length }, (_, i) => alphabet[(i * 7) % alphabet.length]).join("");
}

Deno.test("maskKey shows sk_... and the last 5 characters", () => {
  const key = fakeKey();
  assert.equal(maskKey(key), `sk_...${key.slice(-5)}`);
});

Deno.test("maskKey reveals nothing of a short malformed key", () => {
  assert.equal(maskKey("sk_abc"), "sk_...");
});

Deno.test("redactKeys replaces every key-shaped string in text", () => {
  const key = fakeKey();
  const text = `Authorization: Bearer ${key} and again ${key}`;
  const redacted = redactKeys(text);
  assert(!redacted.includes(key));
  assert.equal(redacted, `Authorization: Bearer ${maskKey(key)} and again ${maskKey(key)}`);
});

Deno.test("checkKeyFormat accepts sk_ + 32 or more url-safe characters", () => {
  checkKeyFormat(fakeKey(32));
  checkKeyFormat(fakeKey(43));
});

Deno.test("checkKeyFormat rejects bad keys with exit 2 and never echoes them", () => {
  for (
    const bad of ["", "pk_" + "a".repeat(43), "sk_" + "a".repeat(31), "sk_" + "a".repeat(40) + "!"]
  ) {
    assert.throws(() => checkKeyFormat(bad), (error: unknown) => {
      assert(error instanceof UsageError);
      assert.equal(error.exitCode, 2);
      if (bad) assert(!error.message.includes(bad) && !error.hints.join().includes(bad));
      return true;
    });
  }
});
