/** `torale task …`: the specs of the tree; each verb is loaded only when it runs. */
import {
  arg,
  args,
  command,
  count,
  countOr,
  optionalText,
  routes,
  text,
  toggle,
  yesFlag,
} from "../../kit/spec.ts";
import { taskIds } from "../lookups.ts";
import { createAliases, createFlags, updateFlags } from "./flags.ts";

const taskId = args(
  arg("Task id: the full UUID or a unique prefix of at least 4 characters", "id", taskIds),
);

function stateCommand(verb: "pause" | "resume", brief: string) {
  return command({
    load: async () =>
      (await (verb === "pause" ? import("./pause.ts") : import("./resume.ts"))).default,
    parameters: { flags: {}, positional: taskId },
    brief,
    examples: [`torale task ${verb} 3f2c`],
  });
}

/** The `task` tree. */
export function taskRoutes() {
  return routes({
    brief: "Create and watch monitoring tasks",
    examples: [
      'torale task create -q "Next iPhone release" -c "A date is announced"',
      "torale task list",
      "torale task logs 3f2c",
    ],
    aliases: { ls: "list", rm: "delete" },
    routes: {
      create: command({
        load: async () => (await import("./create.ts")).default,
        parameters: {
          flags: createFlags,
          aliases: createAliases,
        },
        brief: "Create a monitoring task",
        examples: [
          'torale task create -q "When is the next iPhone release?" -c "A date has been announced"',
          'torale task create -q "Rust 2.0 release" -c "Released" -n "Rust 2.0" --run-immediately',
          `torale task create -q "Price of X" -c 'Below $100' -w https://example.com/hook --email me@example.com --paused`,
          'torale task create --template 7e3a1c11 -n "My GTA VI watch"',
          'torale task create -q "Launch date in our roadmap" -c "The date moved" --connector notion',
          'torale task create -q "Rust 2.0 release" -c "Released" -s "0 */6 * * *" --notify-behavior always   # (classic API only)',
        ],
      }),
      preview: command({
        load: async () => (await import("./preview.ts")).default,
        parameters: {
          flags: {
            query: text("What to search for", "text"),
            condition: optionalText("Condition to check (inferred when left out)", "text"),
            model: optionalText("Model for the search (default: the service's)", "model"),
          },
          aliases: { q: "query", c: "condition", m: "model" },
        },
        brief: "Run a search once without saving a task",
        examples: ['torale task preview -q "Next iPhone release date"   # (classic API only)'],
      }),
      list: command({
        load: async () => (await import("./list.ts")).default,
        parameters: {
          flags: {
            active: toggle("Only active tasks"),
            paused: toggle("Only paused tasks"),
            completed: toggle("Only completed tasks"),
            limit: count("Show at most N tasks"),
          },
          aliases: { l: "limit" },
        },
        brief: "List your tasks",
        examples: [
          "torale task list",
          "torale task list --active --limit 20",
          "torale task list --json | jq -r '.[].id'",
        ],
      }),
      get: command({
        load: async () => (await import("./get.ts")).default,
        parameters: { flags: {}, positional: taskId },
        brief: "Show every field of a task",
        examples: ["torale task get 3f2c", "torale task get 3f2c --json"],
      }),
      update: command({
        load: async () => (await import("./update.ts")).default,
        parameters: {
          flags: updateFlags,
          positional: taskId,
        },
        brief: "Change a task's fields or state (only what you give is sent)",
        examples: [
          'torale task update 3f2c --name "New name" --condition "A date has been announced"',
          "torale task update 3f2c --pause",
          "torale task update 3f2c --connector notion --connector github",
          "torale task update 3f2c --no-connectors",
          'torale task update 3f2c --schedule "0 */2 * * *" --notify-behavior always   # (classic API only)',
        ],
      }),
      share: command({
        load: async () => (await import("./share.ts")).default,
        parameters: { flags: {}, positional: taskId },
        brief: "Make a task public: anyone with its id can read and fork it (current API)",
        examples: ["torale task share 3f2c"],
      }),
      unshare: command({
        load: async () => (await import("./unshare.ts")).default,
        parameters: { flags: {}, positional: taskId },
        brief: "Make a public task private again (current API)",
        examples: ["torale task unshare 3f2c"],
      }),
      fork: command({
        load: async () => (await import("./fork.ts")).default,
        parameters: {
          flags: { name: optionalText("Name of the copy (default: <name> (Copy))", "name") },
          aliases: { n: "name" },
          positional: taskId,
        },
        brief: "Copy a task of yours or a public one, paused and private (current API)",
        examples: ["torale task fork 3f2c", 'torale task fork 3f2c -n "My copy"'],
      }),
      feed: command({
        load: async () => (await import("./feed.ts")).default,
        parameters: {
          flags: {
            limit: countOr("Show at most N runs (1-100)", "20"),
          },
          aliases: { l: "limit" },
        },
        brief: "Your runs that notified, newest first, across tasks (current API)",
        examples: ["torale task feed", "torale task feed --limit 5 --json"],
      }),
      pause: stateCommand("pause", "Pause a task"),
      resume: stateCommand("resume", "Resume a paused or completed task"),
      delete: command({
        load: async () => (await import("./delete.ts")).default,
        parameters: {
          flags: yesFlag,
          aliases: { y: "yes" },
          positional: {
            kind: "array",
            parameter: arg("Task ids (full or unique prefixes)", "id", taskIds),
            minimum: 1,
          },
        },
        brief: "Delete one or more tasks",
        examples: ["torale task delete 3f2c", "torale task delete 3f2c 9a1b --yes"],
      }),
      execute: command({
        load: async () => (await import("./execute.ts")).default,
        parameters: {
          flags: {
            wait: toggle("Wait for the run to finish and print it"),
            suppressNotifications: toggle("Do not send notifications for this run"),
          },
          positional: taskId,
        },
        brief: "Run a task now",
        description: [
          "Prints the run's Execution ID; wait for that run later with",
          "`torale task wait <task> --run <execution-id>`, or at once with --wait (exit 124 on timeout).",
        ],
        examples: [
          "torale task execute 3f2c",
          "torale task execute 3f2c --wait --timeout 120",
          "torale task execute 3f2c --jq .id",
        ],
      }),
      logs: command({
        load: async () => (await import("./logs.ts")).default,
        parameters: {
          flags: {
            status: {
              kind: "enum",
              values: ["success", "failed", "running", "pending"],
              brief: "Only runs with this status",
              optional: true,
            },
            notificationsOnly: toggle("Only runs whose condition was met"),
            limit: countOr("Show at most N runs", "10"),
            follow: toggle("Keep going: print each new run as it finishes, until Ctrl-C"),
          },
          aliases: { l: "limit", f: "follow" },
          positional: taskId,
        },
        brief: "Show a task's runs: time, status, answer, sources, duration",
        description: [
          "With --follow the runs print oldest first, then each run as it finishes (checks every",
          "5 s, slowing to once a minute while nothing happens) until Ctrl-C, which exits 130.",
          "With --json, --follow prints one JSON object per line (JSON Lines), one per run.",
        ],
        examples: [
          "torale task logs 3f2c",
          "torale task logs 3f2c --status failed",
          "torale task logs 3f2c --notifications-only --json",
          "torale task logs 3f2c --follow   # until Ctrl-C",
          "torale task logs 3f2c --follow --json | jq -r .status   # until Ctrl-C",
        ],
      }),
      wait: command({
        load: async () => (await import("./wait.ts")).default,
        parameters: {
          flags: {
            until: {
              kind: "enum",
              values: ["met", "run"],
              brief: "met: a run meets the condition (default); run: the next run finishes",
              default: "met",
            },
            run: optionalText(
              "Wait for this run to finish (the Execution ID task execute printed, or a prefix)",
              "id",
            ),
            interval: optionalText("First pause between checks (default 5s, at least 2s)", "D"),
          },
          positional: taskId,
        },
        brief: "Wait until a run meets the condition, the next run finishes, or a given run does",
        description: [
          "Checks the task's runs, pausing --interval at first and twice as long after each",
          "check without news (up to 1 min), then prints the run that ended the wait.",
          "--timeout D (90s, 15m, 2h, 1h30m) bounds the whole wait; without it there is no limit.",
          "--run R waits for that run (--until does not apply); one already finished prints at once.",
          "To wait for a run you start, use the id `task execute` prints: it cannot be missed.",
          "--until run also ends at the run `task execute` last started here (kept in",
          "~/.torale/runs.json) when it finished before the wait began, is still the task's",
          "newest run, was started in the last 15 min and no wait reported it; else the next run.",
          "Off a terminal, a progress line goes to stderr when the state changes and at least",
          "every 5 min. Exit codes: 0 met (or, with --until run or --run, the run succeeded);",
          "1 the run failed or was cancelled; 124 --timeout passed first; 130 Ctrl-C. A latest",
          "run that already met the condition ends --until met at once. A paused or completed",
          "task is refused without --timeout (it would never run on its own), with --timeout",
          "a warning.",
        ],
        examples: [
          "torale task wait 3f2c --timeout 2h",
          "torale task wait 3f2c --run 9b1e40c2-5d0f-4c1e-a3b7-2f6d8e1c0a94 --timeout 10m",
          "torale task wait 3f2c --until run --timeout 15m --json",
          'run=$(torale task execute 3f2c --jq .id) && torale task wait 3f2c --run "$run" --timeout 10m',
        ],
      }),
    },
  });
}
