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
        assert.match(error.hints.join("\n"), /Removing the lock file does not help/);
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

Deno.test("a write removes the temporary files of writers that died, and only those", async () => {
  const store = await tempStore();
  await store.update(() => ({ timeout: 5 }));
  const key = "sk_" + "T".repeat(43);
  const dead = join(store.dir, ".config.json.0badc0de.tmp");
  await Deno.writeTextFile(dead, JSON.stringify({ api_key: key }), { mode: 0o600 });
  await Deno.writeTextFile(join(store.dir, "notes.tmp"), "mine");
  await store.update((raw) => ({ ...raw, timeout: 6 }));
  assert.deepEqual(await names(store.dir), ["config.json", "notes.tmp"]);
});

function kill(writer: Writer): void {
  try {
    writer.process.kill("SIGKILL");
  } catch {
    // It had already exited.
  }
}

Deno.test(
  "200 racing writers, a third of them killed, lose no acknowledged change and leave no files",
  { ignore: isWindows },
  async () => {
    const store = await tempStore();
    // A large file makes each write long enough for kills to land in the middle of one.
    await store.update(() => ({ padding: "x".repeat(256 * 1024) }));
    const acknowledged = ["padding"];
    for (let round = 0; round < 8; round++) {
      const writers = await Promise.all(
        Array.from({ length: 25 }, (_, i) => startWriter(store.dir, `w${round}_${i}`)),
      );
      try {
        const killed = new Set<Writer>();
        for (const [i, writer] of writers.entries()) {
          if (i % 3 !== 0) continue;
          killed.add(writer);
          // Half of them as soon as they hold the lock, the others at any moment.
          const moment = i % 2 === 0
            ? Promise.race([writer.locked, writer.done])
            : new Promise((resolve) => setTimeout(resolve, Math.random() * 400));
          moment.then(() => kill(writer));
        }
        for (const [i, exit] of (await Promise.all(writers.map((w) => w.done))).entries()) {
          if (exit.code === 0) acknowledged.push(writers[i].key);
          else assert(killed.has(writers[i]), `${writers[i].key} failed: ${exit.stderr}`);
        }
      } finally {
        await stopWriters(writers);
      }
    }
    const last = await startWriter(store.dir, "last");
    assert.equal((await last.done).code, 0);
    acknowledged.push("last");
    const { raw } = await store.read();
    assert.deepEqual(acknowledged.filter((key) => !(key in raw)), [], "acknowledged but lost");
    assert.equal(raw.padding, "x".repeat(256 * 1024));
    assert.deepEqual(await names(store.dir), ["config.json"]);
  },
);

const STOPS = [["SIGINT", 130, "Interrupted"], ["SIGTERM", 143, "Terminated"]] as const;
for (const [signal, code, message] of STOPS) {
  Deno.test(
    `${signal} during a write rolls it back, exits ${code} and leaves no lock or temporary file`,
    { ignore: isWindows },
    async () => {
      const store = await tempStore();
      await store.update(() => ({ before: true }));
      const writer = await startWriter(store.dir, "stopped", { hold: 300 });
      try {
        await writer.locked;
        writer.process.kill(signal);
        const exit = await writer.done;
        assert.deepEqual([exit.code, exit.signal], [code, null], exit.stderr);
        assert.match(exit.stderr, new RegExp(`^${message}\n`));
        assert.deepEqual(await names(store.dir), ["config.json"]);
        assert.deepEqual((await store.read()).raw, { before: true });
      } finally {
        await stopWriters([writer]);
      }
    },
  );
}

Deno.test(
  "SIGINT while waiting for the lock ends the wait at once and changes nothing",
  { ignore: isWindows },
  async () => {
    const store = await tempStore();
    const owner = await startWriter(store.dir, "owner", { hold: 1_200 });
    const waiter = await owner.locked.then(() => startWriter(store.dir, "waiter"));
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const sent = performance.now();
      waiter.process.kill("SIGINT");
      const exit = await waiter.done;
      assert.deepEqual([exit.code, exit.signal], [130, null], exit.stderr);
      assert(performance.now() - sent < 500, "the wait went on after Ctrl-C");
      assert.equal((await owner.done).code, 0);
      assert.deepEqual((await store.read()).raw, { owner: true });
      assert.deepEqual(await names(store.dir), ["config.json"]);
    } finally {
      await stopWriters([owner, waiter]);
    }
  },
);
