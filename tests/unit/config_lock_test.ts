/**
 * The writers' lock, with real processes: a dead owner's lock is free at
 * once, a live owner's is never taken, and no acknowledged change is lost.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ConfigStore } from "../../src/config/store.ts";
import { ConfigError } from "../../src/errors.ts";
import { startWriter, stopWriters, type Writer } from "../helpers/store_copy.ts";

const isWindows = Deno.build.os === "windows";

async function tempStore(options: { lockWaitMs?: number } = {}) {
  const home = await Deno.makeTempDir({ prefix: "torale-lock-" });
  const store = new ConfigStore(join(home, ".torale"), { warn() {}, ...options });
  return store;
}

function lockPath(store: ConfigStore): string {
  return join(store.dir, "config.json.lock");
}

async function names(dir: string): Promise<string[]> {
  const found = [];
  for await (const entry of Deno.readDir(dir)) found.push(entry.name);
  return found.sort();
}

Deno.test(
  "a lock left by a killed writer is taken at once, whatever its age",
  { ignore: isWindows },
  async (t) => {
    const store = await tempStore();
    await t.step("killed while holding it", async () => {
      const owner = await startWriter(store.dir, "killed", { hold: 10_000 });
      await owner.locked;
      await stopWriters([owner]);
      const started = performance.now();
      await store.update((raw) => ({ ...raw, after_kill: true }));
      assert(performance.now() - started < 1_000, "the write waited for a dead owner");
    });
    const day = 24 * 3600_000;
    for (const [when, mtime] of [["from the future", day], ["a day old", -day]] as const) {
      await t.step(`a lock file ${when} that no process holds`, async () => {
        await Deno.writeTextFile(lockPath(store), "");
        const time = new Date(Date.now() + mtime);
        await Deno.utime(lockPath(store), time, time);
        const started = performance.now();
        await store.update((raw) => ({ ...raw, [when]: true }));
        assert(performance.now() - started < 1_000, "the write waited for a dead owner");
      });
    }
    assert.deepEqual(await names(store.dir), ["config.json"]);
    assert.deepEqual(Object.keys((await store.read()).raw).sort(), [
      "a day old",
      "after_kill",
      "from the future",
    ]);
  },
);

Deno.test(
  "a writer gives up on a live owner after the wait with 'Config file is locked'",
  { ignore: isWindows },
  async () => {
    const store = await tempStore({ lockWaitMs: 300 });
    const owner = await startWriter(store.dir, "owner", { hold: 1_500 });
    try {
      await owner.locked;
      const started = performance.now();
      await assert.rejects(() => store.update((raw) => ({ ...raw, late: true })), (error) => {
        assert(error instanceof ConfigError);
        assert.equal(error.message, `Config file is locked: ${lockPath(store)}`);
        assert.match(error.hints.join("\n"), /Another torale process is writing the config/);
        return true;
      });
      assert(performance.now() - started < 1_200, "the wait was not bounded");
      assert.equal((await owner.done).code, 0);
      assert.deepEqual((await store.read()).raw, { owner: true });
    } finally {
      await stopWriters([owner]);
    }
  },
);

Deno.test(
  "a suspended writer keeps its lock: the writers after it wait and no change is lost",
  { ignore: isWindows },
  async () => {
    const store = await tempStore();
    await store.update(() => ({ before: true }));
    const writers: Writer[] = [];
    try {
      const suspended = await startWriter(store.dir, "suspended", { hold: 200 });
      writers.push(suspended);
      await suspended.locked;
      suspended.process.kill("SIGSTOP");
      // As if the laptop slept for an hour: the lock's age must not matter.
      const hourAgo = new Date(Date.now() - 3600_000);
      await Deno.utime(lockPath(store), hourAgo, hourAgo);
      for (let i = 0; i < 4; i++) writers.push(await startWriter(store.dir, `waiting_${i}`));
      const early = await Promise.race([
        Promise.any(writers.slice(1).map((writer) => writer.done)),
        new Promise((resolve) => setTimeout(resolve, 1_500, "still waiting")),
      ]);
      assert.equal(early, "still waiting", "a writer finished while the owner was suspended");
      suspended.process.kill("SIGCONT");
      for (const [i, exit] of (await Promise.all(writers.map((w) => w.done))).entries()) {
        assert.equal(exit.code, 0, `${writers[i].key}: ${exit.stderr}`);
      }
      assert.deepEqual(Object.keys((await store.read()).raw).sort(), [
        "before",
        "suspended",
        ...writers.slice(1).map((writer) => writer.key),
      ]);
      assert.deepEqual(await names(store.dir), ["config.json"]);
    } finally {
      await stopWriters(writers);
    }
  },
);
