/** `torale task delete` against the local API, in-process: several ids, confirmation. */
import assert from "node:assert/strict";
import { startTestApi } from "../helpers/api.ts";
import { runWithKey } from "../helpers/cli.ts";
import { dedent } from "../helpers/dedent.ts";
import { apiTasks, createTask } from "../helpers/tasks.ts";

Deno.test("task delete removes several, reports each, and exits 1 if any failed", async () => {
  await using t = await startTestApi();
  const a = await createTask(t, ["-n", "a"]);
  const b = await createTask(t, ["-n", "b"]);
  const missing = "00000000-0000-4000-8000-000000000000";
  const result = await runWithKey(t, ["task", "delete", a.id, missing, b.id.slice(0, 8), "--yes"]);
  assert.equal(result.code, 1);
  assert.equal(
    result.stdout,
    dedent`
      ✓ Deleted task ${a.id}
      ✓ Deleted task ${b.id}
    `,
  );
  assert.match(result.stderr, new RegExp(`✗ ${missing}: Task not found`));
  assert.match(result.stderr, /1 of 3 deletions failed/);
  assert.deepEqual(await apiTasks(t), []);
});

Deno.test("task delete asks on a terminal and refuses without --yes off one", async () => {
  await using t = await startTestApi();
  const task = await createTask(t);
  const refused = await runWithKey(t, ["task", "delete", task.id]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /without --yes/);
  const asked: string[] = [];
  const declined = await runWithKey(t, ["task", "delete", task.id.slice(0, 6)], {
    stdinIsTerminal: true,
    prompt: { confirm: (message) => (asked.push(message), Promise.resolve(false)) },
  });
  assert.equal(declined.code, 0);
  // The question names the task, not the prefix typed.
  assert.equal(
    asked[0],
    `Delete task "${task.name}" (${task.id.slice(0, 8)})? This cannot be undone.`,
  );
  assert.equal((await apiTasks(t)).length, 1, "nothing was deleted");
  const confirmed = await runWithKey(t, ["task", "delete", task.id], {
    stdinIsTerminal: true,
    prompt: { confirm: () => Promise.resolve(true) },
  });
  assert.equal(confirmed.code, 0);
  assert.deepEqual(await apiTasks(t), []);
});
