/** `torale email …`: the specs of the tree; each verb is loaded only when it runs. */
import { arg, args, command, routes, yesFlag } from "../../kit/spec.ts";

const address = arg("The email address", "address");

/** The `email` tree. */
export function emailRoutes() {
  return routes({
    brief: "Verify email addresses for notifications",
    description: [
      "A task can notify an address other than your account's (task create --email) once",
      "that address is verified: add it, then enter the 6-digit code sent to it.",
    ],
    examples: [
      "torale email add alerts@example.com",
      "torale email verify alerts@example.com 123456",
      "torale email list",
    ],
    aliases: { rm: "remove", ls: "list" },
    routes: {
      add: command({
        load: async () => (await import("./add.ts")).default,
        parameters: { flags: {}, positional: args(address) },
        brief: "Send a verification code to an address",
        description: [
          "The code expires in 15 minutes; the API sends at most 3 codes an hour.",
          "A local API does not mail it: the code is in the server's log (stderr).",
        ],
        examples: ["torale email add alerts@example.com"],
      }),
      verify: command({
        load: async () => (await import("./verify.ts")).default,
        parameters: {
          flags: {},
          positional: args(address, arg("The 6-digit code sent to the address", "code")),
        },
        brief: "Verify an address with the code sent to it",
        description: [
          "After 5 wrong codes the code is locked: request a new one with email add.",
          "When the service fails (HTTP 5xx) the verified list is read back to say whether the",
          "address is verified. The Torale API (both generations) answers 500 to every code,",
          "right or wrong, and the address stays unverified; its web app fails the same way.",
        ],
        examples: ["torale email verify alerts@example.com 123456"],
      }),
      list: command({
        load: async () => (await import("./list.ts")).default,
        brief: "List your verified addresses (the account's own is the primary)",
        examples: ["torale email list", "torale email list --json"],
      }),
      remove: command({
        load: async () => (await import("./remove.ts")).default,
        parameters: { flags: yesFlag, aliases: { y: "yes" }, positional: args(address) },
        brief: "Remove a verified address (not the primary one)",
        examples: [
          "torale email remove old@example.com",
          "torale email rm old@example.com --yes",
        ],
      }),
    },
  });
}
