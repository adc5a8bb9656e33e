/** An in-memory OS credential store for in-process runs (tests/e2e/keychain_test.ts uses a real one). */
import type { Deps, SecretStore } from "../../src/deps.ts";

/**
 * An in-memory store; `fail` makes the named operation throw, `unavailable` answers as a
 * machine without a store does, and `delayMs` makes each operation take that long (so runs
 * that share the store interleave).
 */
export function memoryStore(
  fail: Partial<Record<"get" | "set" | "delete" | "unavailable", boolean>> = {},
  options: { delayMs?: number } = {},
) {
  const secrets = new Map<string, string>();
  const pause = () => new Promise((done) => setTimeout(done, options.delayMs ?? 0));
  const store: SecretStore = {
    name: "Test Keychain",
    get: async (account) => {
      await pause();
      if (fail.get) throw new Error("locked");
      return secrets.get(account);
    },
    set: async (account, secret) => {
      await pause();
      if (fail.set) throw new Error("the store went away");
      secrets.set(account, secret);
    },
    delete: async (account) => {
      await pause();
      if (fail.delete) throw new Error("the store went away");
      return secrets.delete(account);
    },
  };
  const keychain: Deps["keychain"] = () =>
    Promise.resolve(fail.unavailable ? { unavailable: "no Secret Service on the bus" } : store);
  return { secrets, keychain, fail };
}
