/** `torale webhook …`: the specs of the tree; each verb is loaded only when it runs. */
import { command, countOr, optionalText, routes, text, toggle } from "../../kit/spec.ts";
import { taskIds } from "../lookups.ts";

const SECRET_HELP = [
  "The secret comes from --secret, else TORALE_WEBHOOK_SECRET (which keeps it out of the",
  "process list), else the account's webhook config. It is never printed.",
];

/** Parses a TCP port (0 lets the system choose). */
function port(input: string): number {
  const value = /^\d{1,5}$/.test(input.trim()) ? Number(input) : NaN;
  if (!(value >= 0 && value <= 65535)) throw new Error("expected a port number from 0 to 65535");
  return value;
}

/** The `webhook` tree. */
export function webhookRoutes() {
  return routes({
    brief: "Set up, test and receive the webhook Torale calls when a condition is met",
    description: [
      "Torale POSTs a signed JSON event (task.condition_met) to your webhook URL.",
      'Each request carries X-Torale-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>.',
    ],
    examples: [
      "torale webhook set --url https://example.com/torale",
      "torale webhook test",
      "torale webhook listen   # until Ctrl-C",
      "torale webhook deliveries --task 3f2c",
    ],
    routes: {
      get: command({
        load: async () => (await import("./get.ts")).default,
        brief: "Show the account's webhook URL, whether it is enabled and whether a secret is set",
        examples: ["torale webhook get", "torale webhook get --json"],
      }),
      set: command({
        load: async () => (await import("./set.ts")).default,
        parameters: {
          flags: {
            url: text("The webhook URL (https; plain http only on this machine)", "url"),
            enable: toggle("Turn deliveries on (the default)"),
            disable: toggle("Turn deliveries off, keeping the URL"),
          },
        },
        brief: "Set the account's webhook URL",
        description: [
          "The server creates the signing secret with the first URL and never changes it.",
          "Plain http is refused (exit 2) except for loopback addresses (localhost, 127.0.0.1),",
          "which `torale webhook listen` uses.",
        ],
        examples: [
          "torale webhook set --url https://example.com/torale",
          "torale webhook set --url http://127.0.0.1:8765/",
          "torale webhook set --url https://example.com/torale --disable",
        ],
      }),
      test: command({
        load: async () => (await import("./test.ts")).default,
        parameters: {
          flags: {
            url: optionalText("Send the test here instead of the account's URL", "url"),
            secret: optionalText(
              "Sign with this secret (TORALE_WEBHOOK_SECRET keeps it out of ps)",
              "secret",
            ),
          },
        },
        brief: "Have Torale send a signed test event and report whether it arrived",
        description: [
          "Exits 0 when the receiver answered 2xx, 1 when the delivery failed.",
          ...SECRET_HELP,
        ],
        examples: ["torale webhook test", "torale webhook test --url http://127.0.0.1:8765/"],
      }),
      deliveries: command({
        load: async () => (await import("./deliveries.ts")).default,
        parameters: {
          flags: {
            task: optionalText(
              "Only this task's deliveries (an id or a unique prefix)",
              "id",
              taskIds,
            ),
            limit: countOr("How many deliveries to show, newest first", "20"),
          },
        },
        brief: "List webhook deliveries: HTTP status, attempt, time and error",
        examples: ["torale webhook deliveries", "torale webhook deliveries --task 3f2c --json"],
      }),
      listen: command({
        load: async () => (await import("./listen.ts")).default,
        parameters: {
          flags: {
            port: {
              kind: "parsed",
              parse: port,
              brief: "Port on 127.0.0.1 (0 picks a free one)",
              placeholder: "port",
              default: "8765",
            },
            secret: optionalText(
              "Verify with this secret (TORALE_WEBHOOK_SECRET keeps it out of ps)",
              "secret",
            ),
            forwardTo: optionalText(
              "Forward each valid delivery here, headers and body as received",
              "url",
            ),
            tolerance: optionalText(
              "How old or new a timestamp may be (default 300s; 0 skips the check)",
              "duration",
            ),
          },
        },
        brief: "Receive deliveries on this machine, verify each signature and print it",
        description: [
          "Prints one line per request (JSON lines with --json): ✓ for a valid delivery,",
          "✗ and the reason for a rejected one. Valid deliveries get 200, others 400 or 401.",
          "Ctrl-C stops it at once, with a count of valid and rejected requests on stderr (exit 130).",
          "A request has 10 s to arrive in full (else 408); past 64 open connections a client",
          "gets 503. --forward-to waits 10 s for your app, reaches this machine without a proxy,",
          "is refused when it points at the listener itself, and marks what it sends with",
          "X-Torale-Forwarded-By: a delivery that comes back is answered 508, not sent again.",
          ...SECRET_HELP,
          "An account without a secret gets one when its webhook URL is set: on a terminal,",
          "listen offers to point the webhook at itself and goes on; elsewhere it exits 2 and",
          "names the `torale webhook set` command to run.",
        ],
        examples: [
          "torale webhook listen   # until Ctrl-C",
          "torale webhook listen --port 9000 --forward-to http://localhost:3000/hooks   # until Ctrl-C",
          `TORALE_WEBHOOK_SECRET="$SECRET" torale webhook listen --json   # until Ctrl-C`,
        ],
      }),
      verify: command({
        load: async () => (await import("./verify.ts")).default,
        parameters: {
          flags: {
            secret: optionalText("The webhook secret (or TORALE_WEBHOOK_SECRET)", "secret"),
            signature: text("The X-Torale-Signature header value", "header"),
            tolerance: optionalText(
              "How old or new the timestamp may be (default 300s; 0 skips the check)",
              "duration",
            ),
          },
        },
        brief: "Check one saved delivery's signature; the body is read from stdin",
        description: [
          "Exits 0 when the signature is valid, 1 when it is not (with the reason).",
          "The body must be the exact bytes received.",
        ],
        examples: [
          'torale webhook verify --signature "$SIG" < body.json',
          `TORALE_WEBHOOK_SECRET="$SECRET" torale webhook verify --signature "$SIG" --tolerance 0 < body.json   # saved long ago`,
        ],
      }),
    },
  });
}
