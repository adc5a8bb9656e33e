/**
 * `torale help routes`: every route of the Torale API and the command that calls it.
 * tests/unit/routes_topic_test.ts holds the table to the tree (each command named exists)
 * and to the local API (each route it serves is listed).
 */
import type { Topic } from "./index.ts";

/** A route of the service: method and path as the service spells them. */
export interface RouteRow {
  route: string;
  /** The commands that call it (words after `torale`), or why none does. */
  commands: readonly string[] | { none: string };
  /** The generations that have it. */
  generations: "both" | "classic" | "current";
}

export const ROUTES: readonly RouteRow[] = [
  { route: "GET /health", commands: ["doctor", "auth status"], generations: "both" },
  { route: "GET /public/stats", commands: ["public stats"], generations: "both" },
  { route: "GET /auth/me", commands: ["auth whoami", "auth status"], generations: "both" },
  { route: "GET /auth/api-keys", commands: ["auth keys list"], generations: "both" },
  { route: "POST /auth/api-keys", commands: ["auth keys create"], generations: "both" },
  { route: "DELETE /auth/api-keys/{id}", commands: ["auth keys revoke"], generations: "both" },
  { route: "GET /api/v1/tasks/", commands: ["task list", "export"], generations: "both" },
  { route: "POST /api/v1/tasks/", commands: ["task create", "apply"], generations: "both" },
  { route: "GET /api/v1/tasks/{id}", commands: ["task get"], generations: "both" },
  {
    route: "PUT /api/v1/tasks/{id}",
    commands: ["task update", "task pause", "task resume", "apply"],
    generations: "both",
  },
  { route: "DELETE /api/v1/tasks/{id}", commands: ["task delete", "apply"], generations: "both" },
  { route: "POST /api/v1/tasks/{id}/execute", commands: ["task execute"], generations: "both" },
  {
    route: "GET /api/v1/tasks/{id}/executions",
    commands: ["task logs", "task wait"],
    generations: "both",
  },
  {
    route: "GET /api/v1/tasks/{id}/notifications",
    commands: ["task logs"],
    generations: "both",
  },
  { route: "POST /api/v1/tasks/preview", commands: ["task preview"], generations: "classic" },
  {
    route: "POST /api/v1/tasks/suggest",
    commands: { none: "the web app's task-from-a-sentence helper; `torale api` reaches it" },
    generations: "classic",
  },
  { route: "GET /api/v1/tasks/feed", commands: ["task feed"], generations: "current" },
  {
    route: "PATCH /api/v1/tasks/{id}/visibility",
    commands: ["task share", "task unshare"],
    generations: "current",
  },
  { route: "POST /api/v1/tasks/{id}/fork", commands: ["task fork"], generations: "current" },
  { route: "GET /api/v1/templates/", commands: ["template list"], generations: "both" },
  {
    route: "GET /api/v1/templates/{id}",
    commands: ["template get", "task create"],
    generations: "both",
  },
  { route: "GET /api/v1/webhooks/config", commands: ["webhook get"], generations: "both" },
  { route: "PUT /api/v1/webhooks/config", commands: ["webhook set"], generations: "both" },
  { route: "POST /api/v1/webhooks/test", commands: ["webhook test"], generations: "both" },
  {
    route: "POST /api/v1/webhooks/verify",
    commands: { none: "an unauthenticated challenge echo for webhook set-up pages" },
    generations: "both",
  },
  {
    route: "GET /api/v1/webhooks/deliveries",
    commands: ["webhook deliveries"],
    generations: "both",
  },
  {
    route: "GET /api/v1/notifications/sends",
    commands: ["notifications list"],
    generations: "both",
  },
  {
    route: "POST /api/v1/email-verification/send",
    commands: ["email add"],
    generations: "both",
  },
  {
    route: "POST /api/v1/email-verification/verify",
    commands: ["email verify"],
    generations: "both",
  },
  {
    route: "GET /api/v1/email-verification/verified-emails",
    commands: ["email list"],
    generations: "both",
  },
  {
    route: "DELETE /api/v1/email-verification/verified-emails/{email}",
    commands: ["email remove"],
    generations: "both",
  },
  { route: "GET /api/v1/public/tasks", commands: ["public list"], generations: "current" },
  { route: "GET /api/v1/public/tasks/id/{id}", commands: ["public get"], generations: "current" },
  { route: "GET /api/v1/public/feed", commands: ["public feed"], generations: "current" },
  { route: "GET /tasks/{id}/rss", commands: ["public rss"], generations: "current" },
  {
    route: "GET /api/v1/connectors/available",
    commands: ["connectors available"],
    generations: "current",
  },
  { route: "GET /api/v1/connectors", commands: ["connectors list"], generations: "current" },
  {
    route: "POST /api/v1/connectors/{slug}/connect",
    commands: ["connectors connect"],
    generations: "current",
  },
  {
    route: "DELETE /api/v1/connectors/{slug}",
    commands: ["connectors disconnect"],
    generations: "current",
  },
  {
    route: "GET /api/v1/connectors/callback",
    commands: { none: "the page a browser lands on after the OAuth sign-in" },
    generations: "current",
  },
  {
    route: "POST /auth/sync-user",
    commands: { none: "the web app's sign-in (Clerk) step" },
    generations: "both",
  },
  {
    route: "POST /auth/mark-welcome-seen",
    commands: { none: "the web app's welcome screen" },
    generations: "current",
  },
  {
    route: "POST /public/waitlist",
    commands: { none: "the website's waitlist form" },
    generations: "both",
  },
  {
    route: "/admin/*",
    commands: { none: "the service's own administration" },
    generations: "both",
  },
];

function commandText(row: RouteRow): string {
  const generation = row.generations === "both" ? "" : ` (${row.generations} API only)`;
  if (!Array.isArray(row.commands)) return `none: ${(row.commands as { none: string }).none}`;
  return `${row.commands.map((words) => `torale ${words}`).join(", ")}${generation}`;
}

export default {
  title: "API routes and the commands that call them",
  blocks: [
    {
      text: [
        "Every route of the Torale API (both generations), and the commands that send it.",
        "Routes only the web app or the service's administration use have no command;",
        "`torale api <path>` reaches any route with your key.",
      ],
    },
    { head: ["Route", "Commands"], rows: ROUTES.map((row) => [row.route, commandText(row)]) },
  ],
} satisfies Topic;
