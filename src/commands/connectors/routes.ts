/** `torale connectors …`: the specs of the tree; each verb is loaded only when it runs. */
import { arg, args, command, routes, toggle, yesFlag } from "../../kit/spec.ts";
import { toolkitSlugs } from "../lookups.ts";

const toolkit = args(arg("Toolkit slug: notion, linear or github", "toolkit", toolkitSlugs));

/** The `connectors` tree. */
export function connectorsRoutes() {
  return routes({
    brief: "Connect Notion, Linear or GitHub for tasks to read (current API)",
    description: [
      "A connector lets a task's agent read a toolkit of yours (task create --connector).",
      "Connecting is an OAuth approval in a browser; the current Torale API only.",
    ],
    examples: [
      "torale connectors available",
      "torale connectors connect linear",
      "torale connectors list",
    ],
    aliases: { ls: "list", rm: "disconnect" },
    routes: {
      available: command({
        load: async () => (await import("./available.ts")).default,
        brief: "List the toolkits the service can connect",
        examples: ["torale connectors available", "torale connectors available --json"],
      }),
      list: command({
        load: async () => (await import("./list.ts")).default,
        brief: "List your connections: status, when connected, when last used",
        examples: [
          "torale connectors list",
          "torale connectors list --jq '.[] | select(.status == \"ACTIVE\") | .toolkit_slug'",
        ],
      }),
      connect: command({
        load: async () => (await import("./connect.ts")).default,
        parameters: {
          flags: {
            noWait: toggle("Print the URL and return without waiting"),
            noBrowser: toggle("Show the URL without opening a browser"),
          },
          positional: toolkit,
        },
        brief: "Connect a toolkit: approve it in a browser, then wait until it is active",
        description: [
          "Shows the approval URL on stderr and, at a terminal (never in CI), opens it in your",
          "browser (xdg-open, open or rundll32). When none opens (none installed, over SSH, or",
          "--no-browser), open the URL shown yourself; the wait is the same. Then it checks",
          "every few seconds until the connection is ACTIVE and prints it.",
          "--timeout D bounds the wait (default 10m). Exit codes: 0 connected; 1 the",
          "connection failed or expired; 124 --timeout passed first; 130 Ctrl-C.",
          "With --no-wait the URL is printed on stdout and nothing is waited for.",
        ],
        examples: [
          "torale connectors connect linear",
          "torale connectors connect github --timeout 5m --json",
          "torale connectors connect linear --no-wait",
        ],
      }),
      disconnect: command({
        load: async () => (await import("./disconnect.ts")).default,
        parameters: { flags: yesFlag, aliases: { y: "yes" }, positional: toolkit },
        brief: "Revoke a connection (tasks that use it run without it)",
        examples: ["torale connectors disconnect notion --yes"],
      }),
    },
  });
}
