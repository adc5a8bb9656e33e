/** `torale auth …`: the specs of the tree; each verb is loaded only when it runs. */
import { arg, args, command, optionalText, routes, yesFlag } from "../../kit/spec.ts";
import { profiles } from "../lookups.ts";

/** Where `auth move-key` can move a key. */
const PLACES = [
  { value: "keychain", description: "the OS credential store" },
  { value: "file", description: "~/.torale/config.json (0600)" },
];

function profileRoutes() {
  return {
    list: command({
      load: async () => (await import("./list.ts")).default,
      brief: "List profiles: masked key, where it is stored, API URL, which is active",
      examples: ["torale auth list", "torale auth list --json"],
    }),
    switch: command({
      load: async () => (await import("./switch.ts")).default,
      parameters: {
        flags: {},
        positional: args(arg("The profile to use from now on", "name", profiles)),
      },
      brief: "Make a profile the active one (TORALE_PROFILE and --profile still win)",
      examples: ["torale auth switch work", "torale auth switch default"],
    }),
    token: command({
      load: async () => (await import("./token.ts")).default,
      brief: "Print the API key in use to stdout, and nothing else",
      description: [
        'For other tools: curl -H "Authorization: Bearer $(torale auth token)" ...',
        "Exits 4 when no key is configured.",
      ],
      examples: ["torale auth token", "torale auth token --profile work"],
    }),
    "move-key": command({
      load: async () => (await import("./move_key.ts")).default,
      parameters: {
        flags: {},
        positional: args(arg("keychain or file", "place", () => PLACES)),
      },
      brief: "Move the profile's saved key to the OS credential store or to the 0600 file",
      description: [
        "The key is written to its new place first and removed from the old one only then.",
      ],
      examples: ["torale auth move-key keychain", "torale auth move-key file --profile ci"],
    }),
  };
}

function keysRoutes() {
  return routes({
    brief: "Manage API keys",
    examples: [
      "torale auth keys list",
      'torale auth keys create "CI key"   # exits 1 while another key is active',
    ],
    routes: {
      list: command({
        load: async () => (await import("./keys_list.ts")).default,
        brief: "List your API keys (prefix, name, created, last used, active)",
        examples: ["torale auth keys list", "torale auth keys list --json"],
      }),
      create: command({
        load: async () => (await import("./keys_create.ts")).default,
        parameters: { flags: {}, positional: args(arg("A name for the key", "name")) },
        brief: "Create an API key; the key is shown once",
        examples: ['torale auth keys create "CI key"   # exits 1 while another key is active'],
      }),
      revoke: command({
        load: async () => (await import("./keys_revoke.ts")).default,
        parameters: {
          flags: yesFlag,
          aliases: { y: "yes" },
          positional: args(arg("The key's id", "id")),
        },
        brief: "Revoke an API key",
        description: [
          "When the service fails (HTTP 5xx), the key list is read back to say what is true: the key",
          "revoked anyway (exit 0, with a warning), still active (exit 1) or not known (exit 1). The",
          "current Torale API fails every revoke with HTTP 500, and the key stays valid.",
        ],
        examples: ["torale auth keys revoke 3f2c --yes"],
      }),
    },
  });
}

/** The `auth` tree. */
export function authRoutes() {
  return routes({
    brief: "Authenticate with Torale",
    description: [
      "Key priority: --api-key, then TORALE_API_KEY, then the profile's saved key",
      "(OS credential store or ~/.torale/config.json). Profile: --profile, then",
      "TORALE_PROFILE, then `torale auth switch`, then default.",
      "TORALE_NOAUTH=1 (with a local API) sends no key at all.",
    ],
    examples: [
      "torale auth set-api-key",
      "torale auth status",
      "torale auth list",
      "torale auth switch work",
      'curl -H "Authorization: Bearer $(torale auth token)" https://api.torale.ai/api/v1/tasks/',
    ],
    aliases: { login: "set-api-key" },
    routes: {
      "set-api-key": command({
        load: async () => (await import("./set_api_key.ts")).default,
        parameters: {
          flags: {
            key: optionalText(
              "The API key (otherwise a hidden prompt, or the first line of stdin)",
              "key",
            ),
            verify: {
              kind: "boolean",
              brief: "Check the key with the API before saving it (--no-verify skips this)",
              default: true,
            },
            insecureStorage: {
              kind: "boolean",
              brief: "Save the key in the 0600 file even when an OS credential store is available",
              optional: true,
            },
          },
        },
        brief: "Save an API key (OS credential store, or ~/.torale/config.json)",
        description: [
          "Saves an API key after checking it with GET /auth/me, in the OS credential store",
          "when one is available, else (or with --insecure-storage) in the 0600 file.",
          "With --profile <name> it saves to that profile, creating it.",
          "With --api-url the URL is saved too.",
        ],
        examples: [
          "torale auth set-api-key",
          'echo "$TORALE_KEY" | torale auth set-api-key',
          "torale auth set-api-key --api-url http://localhost:8000 --no-verify",
          "torale auth set-api-key --profile work",
        ],
      }),
      status: command({
        load: async () => (await import("./status.ts")).default,
        brief: "Show which key is used, from where, and whether the API accepts it",
        description: [
          "Exits 0 when authenticated, 4 when no key is configured or the key is rejected.",
        ],
        examples: ["torale auth status", "torale auth status --json"],
      }),
      whoami: command({
        load: async () => (await import("./whoami.ts")).default,
        brief: "Print the current user as JSON",
        examples: ["torale auth whoami", "torale auth whoami --yaml"],
      }),
      logout: command({
        load: async () => (await import("./logout.ts")).default,
        parameters: {
          flags: {
            all: { kind: "boolean", brief: "Remove the key of every profile", optional: true },
          },
        },
        brief: "Remove the stored API key of the profile (other settings stay)",
        examples: [
          "torale auth logout",
          "torale auth logout --profile work",
          "torale auth logout --all",
        ],
      }),
      keys: keysRoutes(),
      ...profileRoutes(),
    },
  });
}
