/** `torale export`, `plan`, `apply` and `schema`: monitors as code. Verbs load lazily. */
import { command, optionalText, text, toggle, yesFlag } from "../../kit/spec.ts";

const fileFlag = text("The monitors file (YAML or JSON; - for stdin)", "file");
const pruneFlag = toggle("Also delete the account's tasks the file does not list");

/** `torale export`. */
export function exportCommand() {
  return command({
    load: async () => (await import("./export.ts")).default,
    parameters: {
      flags: {
        file: optionalText("Write to this file instead of stdout (- is stdout)", "file"),
        select: optionalText("Only tasks whose name matches this glob (* and ?)", "glob"),
      },
      aliases: { f: "file" },
    },
    brief: "Write the account's tasks as a monitors file (torale.yaml)",
    description: [
      "Names sorted, fields in a fixed order: export then apply changes nothing.",
      "The format is printed by torale schema (a JSON Schema) and described in the README.",
    ],
    examples: [
      "torale export --file torale.yaml",
      'torale export --select "prod-*" > prod.yaml',
    ],
  });
}

/** `torale plan`. */
export function planCommand() {
  return command({
    load: async () => (await import("./plan.ts")).default,
    parameters: {
      flags: {
        file: fileFlag,
        prune: pruneFlag,
        detailedExitcode: toggle("Exit 3 when there are changes, 0 when there are none"),
      },
      aliases: { f: "file" },
    },
    brief: "Show what apply would change: each task and field, old → new",
    description: [
      "Reads the file, then the account's tasks; writes nothing. Fields the server's API",
      "generation does not have (schedule on current, context on classic) are reported and left out.",
      "Exit codes: 0 (with --detailed-exitcode: no changes), 3 changes pending (only with",
      "--detailed-exitcode), 2 a problem in the file (file:line:column), 1 an API failure.",
    ],
    examples: [
      "torale plan -f torale.yaml",
      "torale plan -f torale.yaml --prune --json",
      "torale plan -f torale.yaml --detailed-exitcode || [ $? -eq 3 ]",
    ],
  });
}

/** `torale apply`. */
export function applyCommand() {
  return command({
    load: async () => (await import("./apply.ts")).default,
    parameters: {
      flags: {
        file: fileFlag,
        prune: pruneFlag,
        ...yesFlag,
        dryRun: toggle("Show the plan and change nothing"),
      },
      aliases: { f: "file", y: "yes" },
    },
    brief: "Make the account's tasks match a monitors file",
    description: [
      "Shows the plan, asks on a terminal (without one, --yes is required), re-reads the",
      "account and refuses if it changed since the plan, then creates, updates, pauses or",
      "resumes, and deletes (only with --prune) in that order. Each write is checked against",
      "the server's answer. It stops at the first failure and lists what was and was not applied.",
      "A second apply of the same file makes no change.",
    ],
    examples: [
      "torale apply -f torale.yaml",
      "torale apply -f torale.yaml --prune --yes",
      "torale apply -f torale.yaml --dry-run",
    ],
  });
}

/** `torale schema`. */
export function schemaCommand() {
  return command({
    load: async () => (await import("./schema.ts")).default,
    brief: "Print the JSON Schema of the monitors file (for editors)",
    examples: ["torale schema > torale.schema.json"],
  });
}
