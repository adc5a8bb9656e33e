/** `torale auth …`: the specs of the tree; each verb is loaded only when it runs. */
import { arg, args, command, optionalText, routes, yesFlag } from "../../kit/spec.ts";

function keysRoutes() {
  const load = () => import("./keys.ts");
  return routes({
    brief: "Manage API keys",
    examples: ["torale auth keys list", 'torale auth keys create "CI key"'],
    routes: {
      list: command({
        load: async () => (await load()).list,
        brief: "List your API keys (prefix, name, created, last used, active)",
        examples: ["torale auth keys list", "torale auth keys list --json"],
      }),
      create: command({
        load: async () => (await load()).create,
        parameters: { flags: {}, positional: args(arg("A name for the key", "name")) },
        brief: "Create an API key; the key is shown once",
        examples: ['torale auth keys create "CI key"'],
      }),
      revoke: command({
        load: async () => (await load()).revoke,
        parameters: {
          flags: yesFlag,
          aliases: { y: "yes" },
          positional: args(arg("The key's id", "id")),
        },
        brief: "Revoke an API key",
        examples: ["torale auth keys revoke 3f2c… --yes"],
      }),
    },
  });
}

/** The `auth` tree. */
export function authRoutes() {
  return routes({
    brief: "Authenticate with Torale",
    description: [
      "Key priority: --api-key, then TORALE_API_KEY, then ~/.torale/config.json.",
      "TORALE_NOAUTH=1 (with a local API) sends no key at all.",
    ],
    examples: ["torale auth set-api-key", "torale auth status", "torale auth whoami"],
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
          },
        },
        brief: "Save an API key to ~/.torale/config.json",
        description: [
          "Saves an API key after checking it with GET /auth/me. The file is written 0600.",
          "With --api-url the URL is saved too.",
        ],
        examples: [
          "torale auth set-api-key",
          'echo "$TORALE_KEY" | torale auth set-api-key',
          "torale auth set-api-key --api-url http://localhost:8000 --no-verify",
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
        brief: "Remove the stored API key (other settings stay)",
        examples: ["torale auth logout"],
      }),
      keys: keysRoutes(),
    },
  });
}
