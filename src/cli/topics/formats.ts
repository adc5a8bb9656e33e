/** `torale help formats`. */
import type { Topic } from "./index.ts";

export default {
  title: "Output formats",
  blocks: [
    {
      text: [
        "Results go to stdout; progress, warnings, hints and prompts go to stderr.",
      ],
    },
    {
      head: ["Format", "What you get"],
      rows: [
        ["terminal", "aligned tables fitted to the width, colour, wrapped long values"],
        ["piped", "tab-separated lines with a header, no colour, nothing wrapped or cut"],
        ["--json", "exactly the objects the API returned, lists as arrays"],
        ["--yaml", "the same objects as YAML"],
        ["--jq <expr>", "the JSON filtered by a jq expression (jq 1.8 built in)"],
        ["--wide", "on a terminal: full ids, exact times, every column"],
      ],
    },
    {
      text: [
        "--json and --yaml never depend on the terminal; output_format in the config file",
        "makes either the default. Colour is off with --no-color or NO_COLOR; FORCE_COLOR=1",
        "forces it. Timestamps are shown in UTC.",
      ],
    },
    {
      text: [
        "--jq prints strings raw and other values as JSON, one per line. It implies --json",
        "and cannot be combined with --yaml. Piped, the output is byte for byte what",
        "`torale … --json | jq -r -c '…'` prints with jq 1.8.2, the jq built in. On a terminal,",
        "values are indented and control, bidi and line-separator characters shown as escapes.",
        "An expression that does not compile exits 2;",
        "one that fails on the data exits 1 after the results printed before the failure.",
        "Commands that print no data (task pause, config set) ignore --json and --jq.",
      ],
    },
    {
      text: [
        "Examples:",
        "  torale task list --jq '.[].name'",
        "  torale task get 3f2c --jq '{id, name, state}'",
        "  torale auth status --jq '.email'",
      ],
    },
  ],
} satisfies Topic;
