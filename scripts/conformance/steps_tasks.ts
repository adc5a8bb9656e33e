/**
 * The script's task steps: CRUD, runs, share/visibility, fork, feed, public routes and RSS,
 * with the owner's and the other user's key and the error cases. Both generations unless a
 * step names one. At most 8 creates per user: the service allows 10 a minute. The
 * sharing steps are in steps_share.ts.
 */
import type { Step } from "./runner.ts";

const T = "/api/v1/tasks";
const NIL = "00000000-0000-4000-8000-000000000000";
const HOOK = { type: "webhook", url: "https://127.0.0.1:18999/hook" };
const CLASSIC = { schedule: "0 9 * * *", config: { model: "gemini-2.0-flash-exp" } };

function draft(gen: "current" | "classic", fields: Record<string, unknown>) {
  return gen === "classic" ? { ...CLASSIC, ...fields } : fields;
}

function creates(gen: "current" | "classic"): Step[] {
  const g = gen;
  return [
    {
      name: `${g}: create task 1 (webhook)`,
      generation: g,
      method: "POST",
      path: `${T}/`,
      body: draft(g, {
        name: "Conformance one",
        search_query: "Is the Pixel 10 out?",
        condition_description: "A release date is announced",
        notifications: [HOOK],
      }),
      save: { task1: "id" },
    },
    {
      name: `${g}: create task 2 (paused, email)`,
      generation: g,
      method: "POST",
      path: `${T}/`,
      body: draft(g, {
        name: "Conformance two",
        search_query: "When does the museum open?",
        condition_description: "An opening date is given",
        state: "paused",
        notifications: [{ type: "email", address: "a@example.com" }],
      }),
      save: { task2: "id" },
    },
    {
      name: `${g}: create by the other user`,
      generation: g,
      as: "other",
      method: "POST",
      path: `${T}/`,
      body: draft(g, { name: "Other's task", search_query: "Other query", state: "paused" }),
      save: { task_other: "id" },
    },
    { name: `${g}: create without a body`, generation: g, method: "POST", path: `${T}/` },
    {
      name: `${g}: create missing search_query`,
      generation: g,
      method: "POST",
      path: `${T}/`,
      body: draft(g, { name: "x" }),
    },
    {
      name: `${g}: create malformed JSON`,
      generation: g,
      method: "POST",
      path: `${T}/`,
      raw: '{"name": ',
    },
    {
      name: `${g}: create http webhook (400)`,
      generation: g,
      method: "POST",
      path: `${T}/`,
      body: draft(g, {
        name: "Bad hook",
        search_query: "q",
        condition_description: "c",
        notifications: [{ type: "webhook", url: "http://example.com/h" }],
      }),
    },
    {
      name: `${g}: create duplicate name`,
      generation: g,
      method: "POST",
      path: `${T}/`,
      body: draft(g, { name: "Conformance two", search_query: "q", condition_description: "c" }),
    },
  ];
}

function reads(gen: "current" | "classic"): Step[] {
  const g = gen;
  return [
    { name: `${g}: list tasks`, generation: g, method: "GET", path: `${T}/` },
    { name: `${g}: list paused`, generation: g, method: "GET", path: `${T}/?state=paused` },
    { name: `${g}: list bad state`, generation: g, method: "GET", path: `${T}/?state=nope` },
    { name: `${g}: list without slash`, generation: g, method: "GET", path: T },
    { name: `${g}: get task 1`, generation: g, method: "GET", path: `${T}/{task1}` },
    { name: `${g}: get bad UUID`, generation: g, method: "GET", path: `${T}/not-a-uuid` },
    { name: `${g}: get unknown task`, generation: g, method: "GET", path: `${T}/${NIL}` },
    {
      name: `${g}: get as other user`,
      generation: g,
      as: "other",
      method: "GET",
      path: `${T}/{task1}`,
    },
    {
      name: `${g}: get without key`,
      generation: g,
      as: "none",
      method: "GET",
      path: `${T}/{task1}`,
    },
    { name: `${g}: list with a bad key`, generation: g, as: "bad", method: "GET", path: `${T}/` },
    { name: `${g}: list without key`, generation: g, as: "none", method: "GET", path: `${T}/` },
  ];
}

function updates(gen: "current" | "classic"): Step[] {
  const g = gen;
  const put = (name: string, path: string, body: unknown, as?: "other"): Step => ({
    name: `${g}: ${name}`,
    generation: g,
    method: "PUT",
    path,
    body,
    ...(as ? { as } : {}),
  });
  return [
    put("update name", `${T}/{task2}`, { name: "Conformance two renamed" }),
    put("update empty body", `${T}/{task2}`, {}),
    put("update unknown keys only", `${T}/{task2}`, { is_active: false }),
    put("update paused→completed", `${T}/{task2}`, { state: "completed" }),
    put("update pause task 1", `${T}/{task1}`, { state: "paused" }),
    put("update resume task 1", `${T}/{task1}`, { state: "active" }),
    put("update bad state", `${T}/{task1}`, { state: "sleeping" }),
    put("update https check", `${T}/{task1}`, { notifications: [{ type: "webhook" }] }),
    put("update duplicate name", `${T}/{task1}`, { name: "Conformance two renamed" }),
    put("update as other user", `${T}/{task1}`, { name: "stolen" }, "other"),
    put("update unknown task", `${T}/${NIL}`, { name: "x" }),
    { name: `${g}: update without body`, generation: g, method: "PUT", path: `${T}/{task1}` },
  ];
}

function runs(gen: "current" | "classic"): Step[] {
  const g = gen;
  return [
    { name: `${g}: execute task 1`, generation: g, method: "POST", path: `${T}/{task1}/execute` },
    {
      name: `${g}: execute as other user`,
      generation: g,
      as: "other",
      method: "POST",
      path: `${T}/{task1}/execute`,
    },
    { name: `${g}: execute bad UUID`, generation: g, method: "POST", path: `${T}/x/execute` },
    {
      name: `${g}: executions of task 1`,
      generation: g,
      pause: 3000,
      method: "GET",
      path: `${T}/{task1}/executions`,
      save: { run1: "0.id" },
    },
    {
      name: `${g}: executions limit=1`,
      generation: g,
      method: "GET",
      path: `${T}/{task1}/executions?limit=1`,
    },
    {
      name: `${g}: executions bad limit`,
      generation: g,
      method: "GET",
      path: `${T}/{task1}/executions?limit=x`,
    },
    {
      name: `${g}: notifications of task 1`,
      generation: g,
      method: "GET",
      path: `${T}/{task1}/notifications`,
    },
    {
      name: `${g}: executions as other user`,
      generation: g,
      as: "other",
      method: "GET",
      path: `${T}/{task1}/executions`,
    },
    { name: `${g}: get task 1 after a run`, generation: g, method: "GET", path: `${T}/{task1}` },
    {
      name: `${g}: single execution route`,
      generation: g,
      method: "GET",
      path: `${T}/{task1}/executions/{run1}`,
    },
  ];
}

/** Every task step, in order. */
export const TASK_STEPS: Step[] = [
  ...creates("current"),
  ...creates("classic"),
  ...reads("current"),
  ...reads("classic"),
  ...updates("current"),
  ...updates("classic"),
  ...runs("current"),
  ...runs("classic"),
];
