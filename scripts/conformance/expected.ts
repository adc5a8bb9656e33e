/**
 * Every difference the conformance run expects between the real service (A, run by the
 * realserver kit, shared with the team: realserver/README.md) and the local API (B), with its
 * reason. Nothing else may differ. Two groups: upstream's bugs, which the local API deliberately does not
 * copy, and what comes from the kit (its stubs and its library versions).
 */
import type { Expectation } from "./diff.ts";

/** Upstream's 500s and other bugs: the local API answers what the code intends. */
const UPSTREAM_BUGS: Expectation[] = [
  {
    step: "api-keys revoke unknown",
    generation: "current",
    kind: "upstream-bug",
    reason: "DELETE /auth/api-keys/{id} answers a plain 500 on head, even for an unknown key",
  },
  {
    step: "api-keys revoke other's key",
    generation: "current",
    kind: "upstream-bug",
    reason: "DELETE /auth/api-keys/{id} answers a plain 500 on head, even for a foreign key",
  },
  {
    step: "email verify wrong code",
    kind: "upstream-bug",
    reason: 'verify compares naive and aware datetimes: 500 instead of 400 "Invalid code"',
  },
  {
    step: "cli: email verify wrong code",
    kind: "upstream-bug",
    reason: "the CLI reports upstream's 500 of POST /email-verification/verify",
  },
  {
    step: "current: public tasks bad sort",
    generation: "current",
    kind: "upstream-bug",
    reason: "sort_by is not validated: an unknown value is a KeyError, a plain 500",
  },
];

/** What the realserver kit stubs or pins differently from upstream's deployment. */
const STUBS: Expectation[] = [
  {
    step: "*",
    path: "body.detail[0].msg",
    kind: "stub",
    reason: "the kit runs pydantic-core 2.46 (UUID errors worded by a newer uuid crate); " +
      "upstream's lock has 2.41.5, whose wording the local API copies",
  },
  {
    step: "*",
    path: "body.detail[0].ctx.error",
    kind: "stub",
    reason: "the kit's pydantic-core 2.46 words UUID errors differently from the locked 2.41.5",
  },
];

/**
 * Connect and what follows it: the kit's Composio stub has no COMPOSIO_API_KEY, so the real
 * server's connect is a 502 before it records anything; the local API plays the OAuth broker
 * (a redirect_url to its own authorize page, the connection INITIATED), so the disconnect that
 * follows finds a connection there and none on the kit.
 */
const CONNECT = [
  ["current: connect notion", "connect: 502 on the kit, a redirect_url on the local API"],
  ["current: disconnect notion", "disconnect after connect: 404 on the kit, 204 locally"],
  ["cli: connectors connect", "connect --no-wait: the 502 (exit 1) or the approval URL"],
  ["cli: connectors disconnect", "disconnect after connect: Not connected, or disconnected"],
];

STUBS.push(...CONNECT.map(([step, what]): Expectation => ({
  step,
  generation: "current",
  kind: "stub",
  reason: `the kit's Composio stub has no key ("Connection service unavailable"); ` +
    `the local API plays the OAuth broker. ${what}`,
})));

/** Classic steps that show a run's outcome: the kit stubs Temporal, so no run ever starts. */
const CLASSIC_RUNS = [
  "classic: executions of task 1",
  "classic: executions limit=1",
  "classic: notifications of task 1",
  "classic: get task 1 after a run",
  "cli: task list",
  "cli: task list text",
  "cli: task get",
  "cli: task get text",
  "cli: task logs",
  "cli: task logs text",
  "cli: webhook deliveries",
];

/** Classic steps of the Gemini routes: the kit sets no GOOGLE_API_KEY. */
const CLASSIC_GEMINI = [
  "classic: preview",
  "classic: preview missing query",
  "classic: suggest",
  "cli: task preview",
];

STUBS.push(
  ...CLASSIC_RUNS.map((step): Expectation => ({
    step,
    generation: "classic",
    kind: "stub",
    reason: "the kit stubs Temporal (no worker), so classic runs stay pending; " +
      "the local API runs them (with the stub agent's canned answer)",
  })),
  ...CLASSIC_GEMINI.map((step): Expectation => ({
    step,
    generation: "classic",
    kind: "stub",
    reason: "the kit sets no GOOGLE_API_KEY: the Gemini dependency raises, a plain 500 " +
      "before the body is read; the local API answers from its canned results",
  })),
);

/** Every expected difference. */
export const EXPECTED: Expectation[] = [...UPSTREAM_BUGS, ...STUBS];
