/**
 * The root of the command tree: the trees and commands at the root, each
 * loaded only when a run needs it (a new tree costs start-up time only for
 * the commands in it), and what the root's help says.
 */
import { type Node, routes, type RoutesNode } from "../kit/spec.ts";

/** The trees and commands at the root, by their first word. */
export const TREES: Record<string, () => Promise<Node>> = {
  auth: async () => (await import("../commands/auth/routes.ts")).authRoutes(),
  task: async () => (await import("../commands/task/routes.ts")).taskRoutes(),
  template: async () => (await import("../commands/template/routes.ts")).templateRoutes(),
  email: async () => (await import("../commands/email/routes.ts")).emailRoutes(),
  webhook: async () => (await import("../commands/webhook/routes.ts")).webhookRoutes(),
  public: async () => (await import("../commands/public/routes.ts")).publicRoutes(),
  connectors: async () => (await import("../commands/connectors/routes.ts")).connectorsRoutes(),
  notifications: async () =>
    (await import("../commands/notifications/routes.ts")).notificationsRoutes(),
  config: async () => (await import("../commands/config/routes.ts")).configRoutes(),
  export: async () => (await import("../commands/monitors/routes.ts")).exportCommand(),
  plan: async () => (await import("../commands/monitors/routes.ts")).planCommand(),
  apply: async () => (await import("../commands/monitors/routes.ts")).applyCommand(),
  schema: async () => (await import("../commands/monitors/routes.ts")).schemaCommand(),
  doctor: async () => (await import("../commands/doctor/routes.ts")).doctorCommand(),
  api: async () => (await import("../commands/api/routes.ts")).apiCommand(),
  "local-api": async () => (await import("../commands/local_api/routes.ts")).localApiRoutes(),
  mcp: async () => (await import("../commands/mcp/routes.ts")).mcpRoutes(),
  version: async () => (await import("../commands/routes.ts")).versionCommand(),
  completions: async () => (await import("../commands/routes.ts")).completionsCommand(),
};

/** What torale is, in one line: the first line of `torale --help`. */
export const ABOUT = "torale: the command-line client for Torale, which watches the web for you";

/**
 * How `torale --help` groups the trees. A tree in no group is listed under
 * "Other commands" (tests/unit/docs_test.ts holds that none is).
 */
export const GROUPS: Readonly<Record<string, readonly string[]>> = {
  "Core commands": ["task", "template", "connectors", "public", "auth"],
  "Notification commands": ["webhook", "notifications", "email"],
  "Monitors as code": ["export", "plan", "apply", "schema"],
  "Setup commands": ["config", "doctor", "completions", "api", "mcp", "version", "local-api"],
};

/**
 * The root of the tree. A run whose first word names a tree gets only that
 * tree; help, completion and unknown words get them all.
 */
export async function rootNode(first: string | undefined): Promise<RoutesNode> {
  const names = first !== undefined && Object.hasOwn(TREES, first) ? [first] : Object.keys(TREES);
  const trees = await Promise.all(names.map(async (name) => [name, await TREES[name]()] as const));
  return routes({
    brief: "Torale watches the web for you: search queries, conditions, schedules",
    examples: [
      "torale auth set-api-key",
      "torale auth status",
      "torale task list --json",
      "TORALE_NOAUTH=1 TORALE_API_URL=http://localhost:8000 torale task list",
      "torale local-api   # until Ctrl-C: a local Torale API to try things on",
    ],
    routes: Object.fromEntries(trees),
  });
}
