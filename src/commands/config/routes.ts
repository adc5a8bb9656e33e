/** `torale config …`: the specs of the tree; each verb is loaded only when it runs. */
import { CONFIG_KEY_TABLE, CONFIG_KEYS, isConfigKey, type KeySpec } from "../../config/schema.ts";
import { arg, args, type Candidate, command, routes } from "../../kit/spec.ts";

const keyArg = arg(
  `${CONFIG_KEYS.slice(0, -1).join(", ")} or ${CONFIG_KEYS.at(-1)}`,
  "key",
  () => CONFIG_KEYS.map((key) => ({ value: key, description: CONFIG_KEY_TABLE[key].description })),
);

/** The values of the key just before the value being completed, when it is a choice. */
function valueCandidates(words: readonly string[] = []): Candidate[] {
  const key = words.at(-1) ?? "";
  if (!isConfigKey(key)) return [];
  const spec: KeySpec<unknown> = CONFIG_KEY_TABLE[key];
  return (spec.choices ?? []).map((value) => ({ value }));
}

/** The `config` tree. */
export function configRoutes() {
  return routes({
    brief: "Show or change settings in ~/.torale/config.json",
    description: [
      "Keys (a flag beats its environment variable, which beats the file):",
      ...CONFIG_KEYS.map((key) => {
        const spec: KeySpec<unknown> = CONFIG_KEY_TABLE[key];
        const env = spec.env ? `; env ${spec.env}` : "";
        return `  ${key.padEnd(15)}${spec.description} (default ${spec.default}${env})`;
      }),
    ],
    examples: ["torale config", "torale config set output_format json"],
    defaultCommand: "list",
    routes: {
      list: command({
        load: async () => (await import("./list.ts")).default,
        brief: "Show effective settings and where each comes from",
        examples: ["torale config", "torale config --json"],
      }),
      get: command({
        load: async () => (await import("./get.ts")).default,
        parameters: { flags: {}, positional: args(keyArg) },
        brief: "Print one effective setting (the key masked)",
        examples: ["torale config get api_url"],
      }),
      set: command({
        load: async () => (await import("./set.ts")).default,
        parameters: {
          flags: {},
          positional: args(
            keyArg,
            arg("The new value", "value", (context) => valueCandidates(context.completion?.words)),
          ),
        },
        brief: "Validate and save a setting",
        examples: [
          "torale config set api_url http://localhost:8000",
          "torale config set output_format json",
          "torale config set timeout 60",
          "torale config set timeout 2m",
        ],
      }),
      unset: command({
        load: async () => (await import("./unset.ts")).default,
        parameters: { flags: {}, positional: args(keyArg) },
        brief: "Remove a setting",
        examples: ["torale config unset timeout"],
      }),
      path: command({
        load: async () => (await import("./path.ts")).default,
        brief: "Print the config file's path",
        examples: ["torale config path"],
      }),
    },
  });
}
