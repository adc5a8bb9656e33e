/**
 * The script's account steps: auth/me, API keys, webhooks, notification sends, email
 * verification, templates, health and stats, connectors; the rate limits come last (they use
 * the other user's key, so the owner's budget is left to the CLI steps).
 */
import type { Step } from "./runner.ts";

const NIL = "00000000-0000-4000-8000-000000000000";
const W = "/api/v1/webhooks";
const E = "/api/v1/email-verification";
const C = "/api/v1/connectors";

/** Account steps before the task steps. */
export const ACCOUNT_STEPS: Step[] = [
  { name: "health", as: "none", method: "GET", path: "/health" },
  { name: "public stats", as: "none", method: "GET", path: "/public/stats" },
  { name: "auth/me", method: "GET", path: "/auth/me" },
  { name: "auth/me other user", as: "other", method: "GET", path: "/auth/me" },
  { name: "auth/me without key", as: "none", method: "GET", path: "/auth/me" },
  { name: "auth/me bad key", as: "bad", method: "GET", path: "/auth/me" },
  {
    name: "current: mark welcome seen",
    generation: "current",
    method: "POST",
    path: "/auth/mark-welcome-seen",
  },
  { name: "api-keys list", method: "GET", path: "/auth/api-keys", save: { key_a: "0.id" } },
  {
    name: "api-keys create second (400)",
    method: "POST",
    path: "/auth/api-keys",
    body: { name: "Second" },
  },
  { name: "api-keys create missing name", method: "POST", path: "/auth/api-keys", body: {} },
  { name: "api-keys revoke unknown", method: "DELETE", path: `/auth/api-keys/${NIL}` },
  { name: "api-keys revoke bad UUID", method: "DELETE", path: "/auth/api-keys/nope" },
  {
    name: "api-keys revoke other's key",
    as: "other",
    method: "DELETE",
    path: "/auth/api-keys/{key_a}",
  },
  {
    name: "templates",
    as: "none",
    method: "GET",
    path: "/api/v1/templates/",
    save: { tpl: "0.id" },
  },
  {
    name: "templates by category",
    as: "none",
    method: "GET",
    path: "/api/v1/templates/?category=Tech",
  },
  { name: "template get", as: "none", method: "GET", path: "/api/v1/templates/{tpl}" },
  { name: "template unknown", as: "none", method: "GET", path: `/api/v1/templates/${NIL}` },
  { name: "template bad UUID", as: "none", method: "GET", path: "/api/v1/templates/nope" },
  { name: "webhook config (empty)", method: "GET", path: `${W}/config` },
  {
    name: "webhook config set",
    method: "PUT",
    path: `${W}/config`,
    body: { webhook_url: "https://example.com", enabled: true },
  },
  { name: "webhook config after set", method: "GET", path: `${W}/config` },
  {
    name: "webhook config bad URL",
    method: "PUT",
    path: `${W}/config`,
    body: { webhook_url: "nope" },
  },
  { name: "webhook config clear", method: "PUT", path: `${W}/config`, body: { webhook_url: null } },
  {
    name: "webhook test unreachable",
    method: "POST",
    path: `${W}/test`,
    body: { webhook_url: "http://127.0.0.1:18999/hook", webhook_secret: "s3cret" },
  },
  {
    name: "webhook test missing secret",
    method: "POST",
    path: `${W}/test`,
    body: { webhook_url: "https://x.example/" },
  },
  {
    name: "webhook verify challenge",
    as: "none",
    method: "POST",
    path: `${W}/verify`,
    body: { challenge: "abc" },
  },
  {
    name: "webhook verify url_verification",
    as: "none",
    method: "POST",
    path: `${W}/verify`,
    body: { type: "url_verification" },
  },
  { name: "webhook verify other", as: "none", method: "POST", path: `${W}/verify`, body: { a: 1 } },
  { name: "webhook verify bad JSON", as: "none", method: "POST", path: `${W}/verify`, raw: "{" },
  { name: "webhook deliveries", method: "GET", path: `${W}/deliveries` },
  {
    name: "webhook deliveries unknown task",
    method: "GET",
    path: `${W}/deliveries?task_id=${NIL}`,
  },
  { name: "notification sends", method: "GET", path: "/api/v1/notifications/sends" },
  {
    name: "notification sends paged",
    method: "GET",
    path: "/api/v1/notifications/sends?limit=1&offset=1",
  },
  {
    name: "email send primary",
    method: "POST",
    path: `${E}/send`,
    body: { email: "a@example.com" },
  },
  { name: "email send new", method: "POST", path: `${E}/send`, body: { email: "c@example.com" } },
  {
    name: "email send invalid",
    method: "POST",
    path: `${E}/send`,
    body: { email: "not-an-email" },
  },
  {
    name: "email verify wrong code",
    method: "POST",
    path: `${E}/verify`,
    body: { email: "c@example.com", code: "000000" },
  },
  {
    name: "email verify nothing pending",
    method: "POST",
    path: `${E}/verify`,
    body: { email: "d@example.com", code: "1" },
  },
  {
    name: "email verify missing code",
    method: "POST",
    path: `${E}/verify`,
    body: { email: "c@example.com" },
  },
  { name: "verified emails", method: "GET", path: `${E}/verified-emails` },
  { name: "remove primary email", method: "DELETE", path: `${E}/verified-emails/a@example.com` },
  { name: "remove absent email", method: "DELETE", path: `${E}/verified-emails/zz@example.com` },
  {
    name: "current: connectors available",
    generation: "current",
    method: "GET",
    path: `${C}/available`,
  },
  { name: "current: connectors", generation: "current", method: "GET", path: C },
  {
    name: "current: connectors without key",
    generation: "current",
    as: "none",
    method: "GET",
    path: C,
  },
  {
    name: "current: connect notion",
    generation: "current",
    method: "POST",
    path: `${C}/notion/connect`,
  },
  {
    name: "current: connect unknown",
    generation: "current",
    method: "POST",
    path: `${C}/nope/connect`,
  },
  {
    name: "current: disconnect notion",
    generation: "current",
    method: "DELETE",
    path: `${C}/notion`,
  },
  {
    name: "current: disconnect never connected",
    generation: "current",
    method: "DELETE",
    path: `${C}/github`,
  },
  // The page Composio sends the browser back to: no key, its user named in the query.
  ...([
    ["without account", "?user_id={user_owner}&status=success"],
    [
      "unknown account",
      "?user_id={user_owner}&status=success&connectedAccountId=ca_x&appName=notion",
    ],
    ["missing user_id", "?status=success"],
    ["bad user_id", "?user_id=nope&status=success"],
  ] as const).map(([what, query]): Step => ({
    name: `current: connectors callback ${what}`,
    generation: "current",
    as: "none",
    method: "GET",
    path: `${C}/callback${query}`,
  })),
];

/** Rate limits, with the other user's key; last, as they spend its budget. */
export const RATE_LIMIT_STEPS: Step[] = [
  {
    name: "current: webhook test rate limit",
    generation: "current",
    as: "other",
    times: 6,
    method: "POST",
    path: `${W}/test`,
    body: { webhook_url: "http://127.0.0.1:18999/hook", webhook_secret: "s" },
  },
  {
    name: "current: api-keys create rate limit",
    generation: "current",
    as: "other",
    times: 4,
    method: "POST",
    path: "/auth/api-keys",
    body: { name: "x" },
  },
  {
    name: "current: public tasks rate limit",
    generation: "current",
    as: "none",
    times: 10,
    method: "GET",
    path: "/api/v1/public/tasks",
  },
];
