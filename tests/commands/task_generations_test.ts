/**
 * Every task command, end to end against the local API of each generation:
 * one suite, run once for classic and once for current. Where the
 * generations differ, each step says what each one must do.
 */
import assert from "node:assert/strict";
import type { Task } from "../../src/api/types.ts";
import { startTestApi } from "../helpers/api.ts";
import { runWithKey } from "../helpers/cli.ts";
import { apiTasks, createTask } from "../helpers/tasks.ts";

const RESULTS = {
  "rust 2.0 release": {
    answer: "Rust 2.0 shipped.",
    condition_met: true,
    sources: [{ url: "https://blog.rust-lang.org/x", title: "Rust Blog" }],
  },
};

for (const generation of ["classic", "current"] as const) {
  const current = generation === "current";
  Deno.test(`every task command works against the ${generation} local API`, async (t) => {
    await using api = await startTestApi({ generation, results: RESULTS });
    const cli = (args: string[], realSleep = false) => runWithKey(api, args, { realSleep });
    let task: Task;

    await t.step("create, named from the query", async () => {
      task = await createTask(api);
      assert.equal(task.name, "Monitor: Rust 2.0 release");
      assert.equal(task.search_query, "Rust 2.0 release");
      assert.equal("schedule" in task, !current);
      assert.equal("next_run" in task, current);
    });

    await t.step("create without -n again: a second name only where names are unique", async () => {
      const again = await createTask(api, ["--paused"]);
      assert.equal(again.name, current ? "Monitor: Rust 2.0 release (2)" : task.name);
      const taken = await cli(["task", "create", "-q", "x", "-c", "y", "-n", task.name]);
      assert.equal(taken.code, current ? 1 : 0, taken.stderr);
      if (current) assert.match(taken.stderr, /already exists/);
      assert.equal((await apiTasks(api)).length, current ? 2 : 3);
    });

    await t.step("list names the cadence column of the generation", async () => {
      const list = await cli(["task", "list"]);
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, current ? /\tNEXT RUN\t/ : /\tSCHEDULE\t/);
      assert.match(list.stdout, new RegExp(`^${task.id}\\tMonitor: Rust 2\\.0 release\\t`, "m"));
    });

    await t.step("get shows the generation's fields", async () => {
      const get = await cli(["task", "get", task.id.slice(0, 8)]);
      assert.equal(get.code, 0, get.stderr);
      assert.match(get.stdout, /^Search Query:\s+Rust 2\.0 release$/m);
      assert.match(get.stdout, current ? /^Next Run:\s+in /m : /^Schedule:\s+0 9 \* \* \*/m);
      if (current) assert.match(get.stdout, /^Visibility:\s+private$/m);
    });

    await t.step("update changes the name, query and condition, verified", async () => {
      const update = await cli([
        "task",
        "update",
        task.id,
        "--name",
        "Rust 2",
        "--query",
        "Rust 2.0 release",
        "--condition",
        "Shipped",
      ]);
      assert.equal(update.code, 0, update.stderr);
      assert.match(update.stdout, /^Name:\s+Rust 2$/m);
    });

    await t.step(
      "schedule and notify behaviour: honoured on classic, refused on current",
      async () => {
        const update = await cli(["task", "update", task.id, "--schedule", "0 */6 * * *"]);
        const behaviour = await cli(["task", "update", task.id, "--notify-behavior", "always"]);
        const [saved] = (await apiTasks(api)).filter((x) => x.id === task.id);
        if (current) {
          assert.equal(update.code, 2);
          assert.equal(behaviour.code, 2);
          assert.match(update.stderr, /--schedule is not supported by the current Torale API/);
          assert.equal(saved.schedule, undefined);
        } else {
          assert.equal(update.code, 0, update.stderr);
          assert.equal(behaviour.code, 0, behaviour.stderr);
          assert.equal(saved.schedule, "0 */6 * * *");
          assert.equal(saved.notify_behavior, "always");
        }
      },
    );

    await t.step("pause and resume", async () => {
      const pause = await cli(["task", "pause", task.id]);
      assert.equal(pause.code, 0, pause.stderr);
      assert.equal(pause.stdout, `✓ Paused "Rust 2" (${task.id.slice(0, 8)})\n`);
      const resume = await cli(["task", "resume", task.id]);
      assert.equal(resume.code, 0, resume.stderr);
      assert.equal(resume.stdout, `✓ Resumed "Rust 2" (${task.id.slice(0, 8)})\n`);
    });

    await t.step("execute --wait shows the finished run; logs list it", async () => {
      const run = await cli(["task", "execute", task.id, "--wait"], true);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^Status:\s+success$/m);
      assert.match(run.stdout, /^Condition Met: yes$/m);
      const logs = await cli(["task", "logs", task.id, "--json"]);
      assert.equal(logs.code, 0, logs.stderr);
      assert.equal(JSON.parse(logs.stdout)[0].status, "success");
      const suppressed = await cli(["task", "execute", task.id, "--suppress-notifications"]);
      assert.equal(suppressed.code, current ? 2 : 0, suppressed.stderr);
    });

    await t.step("preview: a search once on classic, refused on current", async () => {
      const preview = await cli(["task", "preview", "-q", "Rust 2.0 release"]);
      assert.equal(preview.code, current ? 2 : 0, preview.stderr);
    });

    await t.step("share, fork and feed: current only", async () => {
      const share = await cli(["task", "share", task.id]);
      const fork = await cli(["task", "fork", task.id, "-n", "Rust fork", "--json"]);
      const feed = await cli(["task", "feed", "--json"]);
      for (const result of [share, fork, feed]) {
        assert.equal(result.code, current ? 0 : 2, result.stderr);
      }
      if (current) {
        assert.equal(JSON.parse(fork.stdout).forked_from_task_id, task.id);
        assert.equal(JSON.parse(feed.stdout)[0].task_id, task.id);
      } else {
        assert.match(share.stderr, /speaks the classic one/);
      }
    });

    await t.step("delete", async () => {
      const before = (await apiTasks(api)).length;
      const remove = await cli(["task", "delete", task.id, "--yes"]);
      assert.equal(remove.code, 0, remove.stderr);
      assert.equal((await apiTasks(api)).length, before - 1);
    });
  });
}
