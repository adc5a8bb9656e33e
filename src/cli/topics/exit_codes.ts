/** `torale help exit-codes`. */
import type { Topic } from "./index.ts";

export default {
  title: "Exit codes",
  blocks: [
    {
      head: ["Code", "Meaning"],
      rows: [
        ["0", "success"],
        ["1", "failure: API error, network error, config file problem, a failed run"],
        ["2", "usage or validation error (bad flag, invalid cron, malformed key…)"],
        ["3", "`plan --detailed-exitcode` only: changes are pending"],
        ["4", "authentication needed or rejected"],
        [
          "5",
          "a wait (`task wait`, `execute --wait`, `logs --follow`) gave up: the service failed or could not be reached",
        ],
        [
          "124",
          "`task wait --timeout` passed first, or `execute --wait --timeout` (as `timeout(1)` exits)",
        ],
        ["130", "interrupted (Ctrl-C at a prompt, during a wait or a config write)"],
        ["143", "terminated (SIGTERM during a config write)"],
      ],
    },
    {
      text: [
        "`torale webhook test` exits 1 when the delivery failed and `torale webhook verify`",
        "when the signature is invalid; `torale webhook listen` runs until Ctrl-C (130).",
        "`torale task wait` exits 0 when a run met the condition, 1 when the run failed,",
        "124 when --timeout passed first. Waits ride out an outage of the service (within",
        "--timeout, or for 5 minutes of one outage without it), saying so on stderr; then 5.",
      ],
    },
  ],
} satisfies Topic;
