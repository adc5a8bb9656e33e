/** `torale template …`: the specs of the tree; each verb is loaded only when it runs. */
import { arg, args, command, optionalText, routes } from "../../kit/spec.ts";
import { templateIds } from "../lookups.ts";

/** The `template` tree. */
export function templateRoutes() {
  return routes({
    brief: "Browse ready-made task templates",
    description: ["Templates need no API key. Start a task from one with task create --template."],
    examples: [
      "torale template list",
      "torale template get 7e3a1c11",
      "torale task create --template 7e3a1c11",
    ],
    aliases: { ls: "list" },
    routes: {
      list: command({
        load: async () => (await import("./list.ts")).default,
        parameters: {
          flags: { category: optionalText("Only this category (exact, e.g. Tech)", "name") },
        },
        brief: "List templates (id, category, name, query)",
        examples: ["torale template list", "torale template list --category Tech --json"],
      }),
      get: command({
        load: async () => (await import("./get.ts")).default,
        parameters: {
          flags: {},
          positional: args(
            arg(
              "Template id: the full UUID or a unique prefix of at least 4 characters",
              "id",
              templateIds,
            ),
          ),
        },
        brief: "Show every field of a template",
        examples: [
          "torale template get 7e3a1c11-0000-4000-8000-000000000011",
          "torale template get 7e3a1c11 --yaml",
        ],
      }),
    },
  });
}
