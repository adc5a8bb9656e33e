/** `torale help generations`. */
import type { Topic } from "./index.ts";

export default {
  title: "API generations",
  blocks: [
    {
      text: [
        "The Torale API changed between February and April 2026 without a version number.",
        "The CLI speaks both the classic (December 2025) and the current (April 2026) API and",
        "says which one it talks to (`torale auth status`). It learns the generation from one",
        "GET /health, made only by commands whose behaviour depends on it, and remembers it per",
        "API URL for a day in ~/.torale/generations.json (forgotten when an answer contradicts",
        "it); api_generation in the config file or TORALE_API_GENERATION set to classic or",
        "current skips both.",
      ],
    },
    {
      head: ["Flag or command", "classic / current"],
      rows: [
        ["create/update --schedule", "cron, UTC / refused: the service decides the next run"],
        [
          "create/update --notify-behavior",
          "once, always, track_state / refused: the service decides whether a run notifies",
        ],
        [
          "create --model",
          "sent in config (left out: the service's default) / refused: the service chooses",
        ],
        ["execute --suppress-notifications", "honoured / refused: manual runs always notify"],
        ["task preview", "yes / refused: use create --run-immediately and task logs"],
        ["task share, unshare, fork, feed", "refused / yes"],
        ["create --template", "query, condition, name, schedule, notify / query, condition, name"],
        ["task names", "may repeat / unique per user, checked before any write"],
        ["task list: when it runs", "SCHEDULE (cron) / NEXT RUN"],
      ],
    },
    {
      text: [
        "Every refusal exits 2 and writes nothing: it sends no more than the GET /health that told",
        "the generation and, for a task named by a prefix, the GET of the task list that resolves it.",
      ],
    },
    {
      text: [
        "Known faults of the service (HTTP 500). After a 500 on a key revoke, an email",
        "verification or a task create, the CLI reads the server back once and says whether the",
        "change was made (exit 0 with a warning), was not (exit 1) or cannot be told (exit 1);",
        "apply reads back every change that failed. Any other write answered 500 exits 1. None",
        "ever reports a change the server did not make.",
      ],
    },
    {
      head: ["Request", "classic / current"],
      rows: [
        ["auth keys revoke", "works / 500 every time, and the key stays valid"],
        ["email verify", "500 for any code, right or wrong, on both: the address stays unverified"],
        ["a task with a context (apply)", "left out, as the plan says / 500, nothing saved"],
        ["a NUL character in a task's text", "refused before sending on both (exit 2)"],
      ],
    },
  ],
} satisfies Topic;
