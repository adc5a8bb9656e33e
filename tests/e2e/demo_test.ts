/** `deno task demo` is the README's "run it" command: it must keep working. */
import assert from "node:assert/strict";

Deno.test("the demo runs every step against the local API and exits 0", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      "--allow-net=127.0.0.1,localhost",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-run",
      new URL("../../scripts/demo.ts", import.meta.url).pathname,
    ],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  assert.equal(output.code, 0, stdout + new TextDecoder().decode(output.stderr));
  for (
    const step of [
      '$ echo "$TORALE_KEY" | torale auth set-api-key',
      "$ torale auth status",
      "$ torale auth whoami",
      "$ torale task create",
      "$ torale task list",
      "$ torale task list --active --json",
      "--wait",
      "$ torale task logs",
      "$ torale task share",
      "$ torale task fork",
      "$ torale task feed",
      "Visibility:      public",
      "$ torale webhook set --url http://127.0.0.1:",
      "$ torale webhook deliveries --task",
      "\tdelivered\t200\t1\t",
      "$ torale notifications list",
      "\temail\tuser@example.com\tskipped\t",
      'task.condition_met  task "iPhone event"',
      "Stopped: 1 valid, 0 rejected.",
      "$ torale export --file torale.yaml",
      "$ torale plan -f torale.yaml\nPlan for http://127.0.0.1:",
      '+ create "Deno 3 release"',
      '→ "Apple named the day"',
      "Applied 2 changes.",
      "$ torale plan -f torale.yaml --detailed-exitcode\nNo changes",
      "$ torale mcp serve",
      " tools: list_tasks, get_task, create_task,",
      "tools/call list_tasks:\n",
      "$ torale auth logout",
      "Condition Met: yes",
      "Demo finished: every step succeeded.",
    ]
  ) {
    assert(stdout.includes(step), step);
  }
  // The run it started, waited for by the id it printed: no race with a run that ends first.
  assert.match(stdout, /^\$ torale task wait \S+ --run [0-9a-f-]{36} --timeout 1m\nExecution: /m);
  assert(!/sk_[A-Za-z0-9_-]{43}/.test(stdout), "the minted key is never printed");
});
