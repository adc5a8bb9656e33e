/** `torale local-api …`: the specs of the tree; each verb is loaded only when it runs. */
import { command, optionalText, routes, text, toggle } from "../../kit/spec.ts";

/** Parses `--frontend-url`: an http(s) origin (with a path, if any), without a trailing slash. */
export function frontendUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new Error("expected an http(s) URL, e.g. http://localhost:5173");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error("expected an http(s) URL, e.g. http://localhost:5173");
  }
  return url.href.replace(/\/+$/, "");
}

/** Parses a TCP port (0 lets the system choose). */
function port(input: string): number {
  const value = /^\d{1,5}$/.test(input.trim()) ? Number(input) : NaN;
  if (!(value >= 0 && value <= 65535)) throw new Error("expected a port number from 0 to 65535");
  return value;
}

const dbFlag = optionalText(
  "The database file, or :memory: (default ~/.torale/local-api/torale.db)",
  "file",
);

/** The `local-api` tree. */
export function localApiRoutes() {
  return routes({
    brief: "Run a local stand-in of the Torale API, to try every command offline",
    description: [
      "A Torale API on this machine with an SQLite database: no account and no internet needed.",
      "Tasks run against canned results (--results); emails are not sent, their codes are logged.",
      "Start it in one terminal, then mint a key and save it as a profile in another.",
    ],
    examples: [
      "torale local-api   # until Ctrl-C; then, in another terminal:",
      "torale local-api create-key --email you@example.com | torale auth set-api-key --profile local --api-url http://127.0.0.1:8000",
      "torale task list --profile local",
    ],
    defaultCommand: "start",
    routes: {
      start: command({
        load: async () => (await import("./start.ts")).default,
        parameters: {
          flags: {
            generation: {
              kind: "enum",
              values: ["current", "classic"],
              brief: "current: the API the service runs today; classic: the December 2025 one",
              default: "current",
            },
            port: {
              kind: "parsed",
              parse: port,
              brief: "Port to listen on (0 picks a free one)",
              placeholder: "port",
              default: "8000",
            },
            host: {
              kind: "parsed",
              parse: String,
              brief: "Address to listen on",
              placeholder: "host",
              default: "127.0.0.1",
            },
            db: dbFlag,
            noauth: toggle("Accept every request as one test user, without a key"),
            results: optionalText("Canned search results of the offline executor (JSON)", "file"),
            rateLimit: optionalText(
              'Rate limits: "upstream" (current: the service\'s own), <n>/min (classic)',
              "limit",
            ),
            scheduler: toggle("Run active tasks when they are due"),
            deliverToAccountWebhook: toggle(
              "Convenience the service lacks: a met condition of a task without a webhook notification goes to the account's webhook",
            ),
            frontendUrl: {
              kind: "parsed",
              parse: frontendUrl,
              brief:
                "Where RSS items link to: the web app (the service's FRONTEND_URL, default https://torale.ai)",
              placeholder: "url",
              optional: true,
            },
          },
        },
        brief: "Start the local API in the foreground (Ctrl-C stops it)",
        description: [
          "Prints its URL and the next commands to run on stderr, then one line per request on",
          "stdout; email verification codes go to stderr. Ctrl-C stops it (exit 130).",
          "A database file keeps tasks and keys between runs; :memory: forgets them.",
          "It behaves as the real service does; --deliver-to-account-webhook is a convenience",
          "for a local loop with `torale webhook listen` (the service never sends there).",
          "Connectors (current generation): with no OAuth broker here, a connect's URL points to",
          "the stand-in's own page /local/connectors/authorize, which the service does not have:",
          "opening it approves the connection at once (ACTIVE), as a user who consents would.",
        ],
        examples: [
          "torale local-api   # until Ctrl-C",
          "torale local-api --generation classic --port 8001   # until Ctrl-C",
          "torale local-api --db :memory: --noauth   # until Ctrl-C",
          "torale local-api --scheduler --deliver-to-account-webhook   # until Ctrl-C",
        ],
      }),
      "create-key": command({
        load: async () => (await import("./create_key.ts")).default,
        parameters: {
          flags: {
            email: text("The user's email (created when new)", "email"),
            name: {
              kind: "parsed",
              parse: String,
              brief: "The key's name",
              placeholder: "name",
              default: "CLI Key",
            },
            db: dbFlag,
          },
        },
        brief: "Mint an API key of the local API; prints only the key",
        description: [
          "The key goes to stdout alone, to pipe into `torale auth set-api-key`. A user has one",
          "active key: the keys it revokes are named on stderr. Works with the server running.",
        ],
        examples: [
          "torale local-api create-key --email you@example.com | torale auth set-api-key --profile local --api-url http://127.0.0.1:8000",
          'torale local-api create-key --email you@example.com --name "Laptop" --db ./torale.db',
        ],
      }),
    },
  });
}
