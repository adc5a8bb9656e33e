/** `torale help config-file`: the keys come from the config key table. */
import { CONFIG_KEY_TABLE, CONFIG_KEYS } from "../../config/schema.ts";
import type { Topic } from "./index.ts";

/** The topic, with the keys of the config key table. */
export default function configFileTopic(): Topic {
  return {
    title: "Configuration file",
    blocks: [
      {
        text: [
          "~/.torale/config.json (directory 0700, file 0600). `torale config` shows the values",
          "in use and where each came from; `torale config set|unset` change the profile in use.",
        ],
      },
      {
        head: ["Key", "What it sets"],
        rows: CONFIG_KEYS.map((key) => {
          const spec = CONFIG_KEY_TABLE[key];
          const env = "env" in spec ? `; ${spec.env} beats it` : "";
          return [key, `${spec.description} (default ${spec.default}${env})`] as const;
        }),
      },
      {
        text: [
          'The top-level keys are the `default` profile; other profiles are under "profiles"',
          'and the one `torale auth switch` chose is "current_profile". A profile whose key is',
          'in the OS credential store has "api_key_store": "keychain" instead of api_key.',
          "Unknown keys are kept on every write.",
        ],
      },
      {
        text: [
          "Writes go to a temporary file renamed over the old one while an OS file lock on",
          "config.json.lock is held: a crash, a full disk or two processes at once never leave",
          "a truncated or invalid file. A live writer is waited for up to 5 s. Ctrl-C or SIGTERM",
          "during a write rolls it back and exits 130 / 143.",
        ],
      },
      {
        text: [
          "Only a regular file of at most 1 MiB of UTF-8 JSON is read. A file that cannot be",
          "read is reported (Error: Invalid config file <path>: <reason>) and never silently",
          "overwritten. A file readable by others gets a warning with the chmod fix.",
        ],
      },
    ],
  };
}
