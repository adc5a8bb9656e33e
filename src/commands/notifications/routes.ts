/** `torale notifications …`: the specs of the tree; each verb is loaded only when it runs. */
import { command, countOr, optionalText, routes } from "../../kit/spec.ts";
import { taskIds } from "../lookups.ts";

/** The `notifications` tree. */
export function notificationsRoutes() {
  return routes({
    brief: "What Torale sent you: channel, recipient, time and the run it came from",
    examples: ["torale notifications list", "torale notifications list --task 3f2c --json"],
    routes: {
      list: command({
        load: async () => (await import("./list.ts")).default,
        parameters: {
          flags: {
            task: optionalText(
              "Only this task's notifications (an id or a unique prefix)",
              "id",
              taskIds,
            ),
            limit: countOr("How many to show, newest first", "20"),
          },
        },
        brief: "List sent notifications, newest first",
        description: [
          "The service logs condition emails here (a task's first run only gets a welcome",
          "mail, which is not logged). Webhook deliveries: torale webhook deliveries.",
        ],
        examples: ["torale notifications list", "torale notifications list --limit 5 --json"],
      }),
    },
  });
}
